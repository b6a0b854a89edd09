"use client";

import { useFormatter, useNow } from "use-intl";

import { useHydrated } from "./use-hydrated";

/** How often "hace 2 minutos" moves on. */
const TICK_MS = 15_000;

/**
 * "hace 5 minutos", kept current, with the exact moment as a tooltip. The server's clock is not
 * the browser's, so the server render (and hydration) show the exact moment instead, which both
 * format alike in the configured zone.
 * https://next-intl.dev/docs/usage/dates-times#relative-times-usenow
 */
export function RelativeTime(props: { value: Date; className?: string }) {
  const format = useFormatter();
  const now = useNow({ updateInterval: TICK_MS });
  const hydrated = useHydrated();
  const exact = format.dateTime(props.value, { dateStyle: "short", timeStyle: "short" });
  // `now` advances by ticks: a moment newer than it (just arrived, or a clock ahead of ours) is "now",
  // never "in 5 seconds".
  const reference = props.value > now ? props.value : now;
  return (
    <time dateTime={props.value.toISOString()} title={exact} className={props.className}>
      {hydrated ? format.relativeTime(props.value, reference) : exact}
    </time>
  );
}
