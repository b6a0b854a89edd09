import { cookies, headers } from "next/headers";
import { createTranslator } from "use-intl/core";

import en from "../../messages/en.json";
import es from "../../messages/es.json";
import type { Locale } from "./config";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE } from "./config";

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

export const getMessages = (locale: Locale): Messages => catalogs[locale];

/** Translations for server components. */
export async function getTranslations() {
  const locale = await getLocale();
  return createTranslator({ locale, messages: getMessages(locale) });
}
