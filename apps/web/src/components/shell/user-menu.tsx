"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "use-intl";

import { LocaleSwitcher } from "~/components/i18n/locale-switcher";

/**
 * The signed-in person's menu: profile, support chat, language, sign out. A native disclosure:
 * keyboard-ready. Plain links and no Next import: /chat-soporte shows it too (see plain-pages/).
 */
export function UserMenu({ name }: { name: string }) {
  const t = useTranslations("shell");
  const item = "block rounded px-3 py-2 text-sm text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600";
  return (
    <details className="relative">
      <summary
        aria-label={t("menu", { name })}
        className="cursor-pointer list-none rounded-md px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        {name} ▾
      </summary>
      <nav className="absolute right-0 z-20 mt-1 w-52 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
        <a href="/perfil" className={item}>
          {t("profile")}
        </a>
        <a href="/chat-soporte" className={item}>
          {t("supportChat")}
        </a>
        <LocaleSwitcher className="flex items-center justify-between px-3 py-2" />
        <button type="button" className={`${item} w-full text-left`} onClick={() => void signOut({ callbackUrl: "/sign-in" })}>
          {t("signOut")}
        </button>
      </nav>
    </details>
  );
}
