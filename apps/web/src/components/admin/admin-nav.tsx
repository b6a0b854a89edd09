"use client";

import { cn } from "@atiende/ui";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "use-intl";

const SECTIONS = [
  { href: "/support/admin", key: "people" },
  { href: "/support/admin/auditoria", key: "audit" },
  { href: "/support/admin/etiquetas", key: "labels" },
  { href: "/support/admin/webhooks", key: "webhooks" },
  { href: "/support/admin/horario", key: "hours" },
] as const;

/** The admin area's sections as tabs; the current one is marked for screen readers too. */
export function AdminNav() {
  const t = useTranslations("admin.nav");
  const pathname = usePathname();
  return (
    <nav aria-label={t("label")} className="-mb-px mt-2 flex gap-1 overflow-x-auto">
      {SECTIONS.map(({ href, key }) => {
        const current = pathname === href;
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={cn(
              "shrink-0 border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600",
              current ? "border-indigo-700 text-indigo-800" : "border-transparent text-slate-700 hover:text-slate-900",
            )}
          >
            {t(key)}
          </Link>
        );
      })}
    </nav>
  );
}
