import { ROLES } from "@atiende/api/contract";
import { cookies, headers } from "next/headers";
import { createTranslator } from "use-intl/core";

import en from "../../messages/en.json";
import es from "../../messages/es.json";
import type { Locale } from "./config";
import {
  DEFAULT_LOCALE,
  DEFAULT_TIME_ZONE,
  isLocale,
  isTimeZone,
  LOCALE_COOKIE,
  TIME_ZONE_COOKIE,
} from "./config";

export { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALES, type Locale } from "./config";

export type Messages = typeof es;
const catalogs: Record<Locale, Messages> = { es, en };

/** Spanish unless the person chose English (cookie) or their browser asks for English first. */
export async function getLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  const accepted = (await headers()).get("accept-language") ?? "";
  const first = accepted.split(",")[0]?.trim().slice(0, 2).toLowerCase();
  return isLocale(first) ? first : DEFAULT_LOCALE;
}

/**
 * The zone every date of this request is rendered in, on the server and in the browser alike (the
 * layout hands it to the client provider): the one the person's browser reported, else the team's.
 * https://next-intl.dev/docs/usage/configuration#time-zone
 */
export async function getTimeZone(): Promise<string> {
  const reported = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return isTimeZone(reported) ? reported : DEFAULT_TIME_ZONE;
}

export const getMessages = (locale: Locale): Messages => catalogs[locale];

/** Translations for server components. */
export async function getTranslations() {
  const [locale, timeZone] = await Promise.all([getLocale(), getTimeZone()]);
  return createTranslator({ locale, messages: getMessages(locale), timeZone });
}

type ServerTranslator = Awaited<ReturnType<typeof getTranslations>>;

/** A role in the reader's words ("candidate", "administración"); an unknown one as stored. */
export function roleLabel(t: ServerTranslator, role: string): string {
  const known = ROLES.find((r) => r === role);
  return known ? t(`roles.${known}`) : role;
}
