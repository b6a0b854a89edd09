"use client";

import { useEffect } from "react";
import { useLocale } from "use-intl";

import { isLocale } from "~/i18n/config";
import { api } from "~/trpc/react";

/**
 * Tells the server the language this person uses the app in, so their emails are written in it.
 * Once per browser session and person (sessionStorage), not on every page.
 */
export function useRememberLocale(viewerId: string) {
  const locale = useLocale();
  const { mutate } = api.notification.update.useMutation();
  useEffect(() => {
    if (!isLocale(locale)) return;
    const key = `atiende-email-locale:${viewerId}`;
    if (readSession(key) === locale) return;
    mutate({ locale }, { onSuccess: () => writeSession(key, locale) });
  }, [locale, viewerId, mutate]);
}

// Storage can be refused (a frame with storage blocked): then it is simply asked again next time.
function readSession(key: string) {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}
function writeSession(key: string, value: string) {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // Nothing to keep it in; harmless.
  }
}
