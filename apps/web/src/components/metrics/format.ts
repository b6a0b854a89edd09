import type { DateTimeFormatOptions, useFormatter } from "use-intl";

/** A duration in seconds, short: "45 s", "12 min", "3 h 05 min", "2 d 4 h". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const DAY_MS = 86_400_000;

/** The calendar date of a moment in the zone, as YYYY-MM-DD. */
export function dayIn(timeZone: string, moment: Date): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(moment);
}

/**
 * A calendar date ("2025-03-10") in words, e.g. "10 mar 2025". It is a date, not a moment: it is
 * formatted in UTC, where its midnight falls on that same date, whatever the zones involved.
 */
export function formatDay(
  format: ReturnType<typeof useFormatter>,
  day: string,
  options: Omit<DateTimeFormatOptions, "timeZone">,
): string {
  return format.dateTime(new Date(`${day}T00:00:00Z`), { ...options, timeZone: "UTC" });
}

/** A calendar date moved by whole days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);
}

export const spanInDays = (from: string, to: string) =>
  (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
