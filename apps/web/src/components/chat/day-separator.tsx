"use client";

import { useFormatter, useNow, useTimeZone, useTranslations } from "use-intl";

const keyFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of a moment in a time zone, as YYYY-MM-DD (so keys compare and subtract). */
export function dayKey(date: Date, timeZone: string | undefined): string {
  const zone = timeZone ?? "";
  let format = keyFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    keyFormats.set(zone, format);
  }
  return format.format(date);
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The heading above a day's messages: "Hoy", "Ayer", or the date, in the person's locale and zone. */
export function DaySeparator(props: { date: Date }) {
  const t = useTranslations("chat");
  const format = useFormatter();
  const timeZone = useTimeZone();
  // Re-rendered each minute, so "Hoy" becomes "Ayer" at midnight without a reload.
  const now = useNow({ updateInterval: 60_000 });
  const today = dayKey(now, timeZone);
  const day = dayKey(props.date, timeZone);
  const ago = daysBetween(day, today);
  const label =
    ago === 0
      ? t("today")
      : ago === 1
        ? t("yesterday")
        : format.dateTime(props.date, {
            weekday: "long",
            day: "numeric",
            month: "long",
            year: day.slice(0, 4) === today.slice(0, 4) ? undefined : "numeric",
          });
  return (
    <li className="flex items-center gap-3 py-1" data-day={day}>
      <span aria-hidden className="h-px flex-1 bg-slate-200" />
      <h3 className="text-xs font-semibold text-slate-600">
        <time dateTime={day}>{label}</time>
      </h3>
      <span aria-hidden className="h-px flex-1 bg-slate-200" />
    </li>
  );
}
