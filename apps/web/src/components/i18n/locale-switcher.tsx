"use client";

import { useId } from "react";
import { useLocale, useTranslations } from "use-intl";

import { isLocale, LOCALE_COOKIE, LOCALES } from "~/i18n/config";

const ONE_YEAR = 60 * 60 * 24 * 365;

/**
 * Spanish/English: remembers the choice in a cookie and loads the page again in that language (a
 * reload, not Next's refresh, so it works the same on the pages Next does not serve).
 */
export function LocaleSwitcher(props: { className?: string }) {
  const t = useTranslations("locale");
  const locale = useLocale();
  const id = useId();

  const choose = (value: string) => {
    if (!isLocale(value) || value === locale) return;
    document.cookie = `${LOCALE_COOKIE}=${value}; path=/; max-age=${ONE_YEAR}; samesite=lax`;
    window.location.reload();
  };

  return (
    <div className={props.className}>
      <label htmlFor={id} className="mr-2 text-sm text-slate-700">
        {t("label")}
      </label>
      <select
        id={id}
        value={locale}
        onChange={(event) => choose(event.target.value)}
        className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm"
      >
        {LOCALES.map((option) => (
          <option key={option} value={option} lang={option}>
            {t(`names.${option}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
