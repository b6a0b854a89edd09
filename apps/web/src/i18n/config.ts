/** Locale constants both server and client code may import (locale.ts reads request headers). */
export const LOCALES = ["es", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "es";
export const LOCALE_COOKIE = "atiende-locale";

export const isLocale = (value: string | undefined): value is Locale =>
  (LOCALES as readonly string[]).includes(value ?? "");

/**
 * Times show in the reader's zone, which the browser reports in this cookie. Until it has (a first
 * visit), pages render in the team's zone, the metrics' default too.
 */
export const TIME_ZONE_COOKIE = "atiende-tz";
export const DEFAULT_TIME_ZONE = "America/Mexico_City";

/** An IANA zone name Intl knows ("Europe/Madrid"); anything else in the cookie is ignored. */
export function isTimeZone(value: string | undefined): value is string {
  if (!value || value.length > 64 || !/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
