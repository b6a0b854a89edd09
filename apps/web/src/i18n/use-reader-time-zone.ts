"use client";

import { useEffect } from "react";

import { useHydrated } from "~/components/i18n/use-hydrated";
import { isTimeZone, TIME_ZONE_COOKIE } from "./config";

const ONE_YEAR = 60 * 60 * 24 * 365;

function browserZone(): string | undefined {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isTimeZone(zone) ? zone : undefined;
}

/**
 * The zone to show times in: while hydrating, the one the server rendered with (so the markup
 * matches), then the browser's own. When they differ (a first visit, or travel), the browser's is
 * remembered in a cookie so that the server renders in it from the next request on.
 */
export function useReaderTimeZone(rendered: string): string {
  const zone = (useHydrated() && browserZone()) || rendered;
  useEffect(() => {
    if (zone !== rendered) {
      document.cookie = `${TIME_ZONE_COOKIE}=${zone}; path=/; max-age=${ONE_YEAR}; samesite=lax`;
    }
  }, [zone, rendered]);
  return zone;
}
