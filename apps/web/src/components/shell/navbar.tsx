"use client";

import { useTranslations } from "use-intl";

import { UserMenu } from "./user-menu";

/** The top bar of a signed-in person's pages: the app's name (home) and their menu. */
export function Navbar({ name }: { name: string }) {
  const t = useTranslations("app");
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center justify-between px-4 py-2">
        <a href="/" className="text-lg font-bold text-indigo-700">
          {t("name")}
        </a>
        <UserMenu name={name} />
      </div>
    </header>
  );
}
