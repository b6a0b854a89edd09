import Link from "next/link";
import type { ReactNode } from "react";

import { UserMenu } from "~/components/shell/user-menu";
import { getTranslations } from "~/i18n/locale";
import { PresenceToggle } from "./presence-toggle";

/** The staff shell: the sections of the console, the agent's own status, and their menu. */
export async function SupportLayout({ name, isAdmin, children }: { name: string; isAdmin: boolean; children: ReactNode }) {
  const t = await getTranslations();
  const link = "block rounded-md px-3 py-2 text-sm font-medium text-slate-100 hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-white";
  return (
    <div className="flex h-dvh flex-col md:flex-row">
      <aside className="flex shrink-0 flex-wrap items-center gap-2 bg-slate-900 px-3 py-2 md:w-48 md:flex-col md:flex-nowrap md:items-stretch md:py-4">
        <Link href="/support/communication" className="px-3 text-lg font-bold text-white">
          {t("app.name")}
        </Link>
        <nav aria-label={t("console.nav.label")} className="flex flex-wrap gap-1 md:mt-4 md:flex-col">
          <Link href="/support/communication" className={link}>
            {t("console.nav.communication")}
          </Link>
          <Link href="/support/metrics" className={link}>
            {t("console.nav.metrics")}
          </Link>
          <Link href="/support/equipo" className={link}>
            {t("team.nav")}
          </Link>
          {isAdmin && (
            <Link href="/support/admin" className={link}>
              {t("admin.consoleLink")}
            </Link>
          )}
        </nav>
        <div className="ml-auto flex items-center gap-2 md:mt-auto md:ml-0 md:flex-col md:items-stretch">
          <PresenceToggle />
          <div className="rounded-md bg-white">
            <UserMenu name={name} />
          </div>
        </div>
      </aside>
      <main className="flex min-h-0 min-w-0 flex-1 flex-col">{children}</main>
    </div>
  );
}
