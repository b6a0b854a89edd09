import { z } from "zod";

/** Days are counted in this zone unless the caller names another: the team works on Mexico's time. */
export const DEFAULT_METRICS_TIME_ZONE = "America/Mexico_City";
/** The longest range one call may cover, in days (both ends included). */
export const MAX_METRICS_DAYS = 366;

const DAY_MS = 86_400_000;

/** Days from `from` to `to`, both included (dates are plain calendar days, compared in UTC). */
export const daysInRange = (from: string, to: string) =>
  (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;

/**
 * An IANA zone name both Intl and PostgreSQL read the same way. Offsets such as "+01:00" are
 * refused on purpose: PostgreSQL reads POSIX offsets with the opposite sign.
 */
export function isIanaTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A calendar day as AAAA-MM-DD, from year 1900 on: PostgreSQL has no year 0 (and ISO's reading of
 * it differs), so an earlier one would fail in the database instead of being refused here.
 */
export const ZCalendarDay = z.iso
  .date({ error: "Fecha no válida (AAAA-MM-DD)" })
  .refine((day) => day >= "1900-01-01", { error: "Fecha fuera de rango (desde 1900)" });

/** A calendar range, both ends included, in `timeZone`; optionally one agent's conversations. */
export const ZMetricsRangeInput = z
  .strictObject({
    from: ZCalendarDay,
    to: ZCalendarDay,
    supportUserId: z.uuid({ error: "Identificador no válido" }).optional(),
    timeZone: z
      .string()
      .max(64)
      .refine(isIanaTimeZone, { error: "Zona horaria no válida" })
      .default(DEFAULT_METRICS_TIME_ZONE),
  })
  .refine((range) => range.from <= range.to, {
    error: "La fecha inicial debe ser anterior o igual a la final",
    path: ["to"],
  })
  .refine((range) => daysInRange(range.from, range.to) <= MAX_METRICS_DAYS, {
    error: `El rango puede abarcar como máximo ${MAX_METRICS_DAYS} días`,
    path: ["to"],
  });
export type TMetricsRangeInput = z.infer<typeof ZMetricsRangeInput>;
