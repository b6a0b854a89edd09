"use client";

import { useFormatter } from "use-intl";

/** A moment in the reader's locale and time zone, machine-readable too. */
export function DateTime({ value }: { value: Date }) {
  const format = useFormatter();
  return <time dateTime={value.toISOString()}>{format.dateTime(value, { dateStyle: "short", timeStyle: "short" })}</time>;
}
