import type { ReactNode } from "react";

import { AdminNav } from "~/components/admin/admin-nav";
import { getTranslations } from "~/i18n/locale";
import { getPageUser } from "~/server/auth";

/** Every /support/admin page: admins only (the API checks it on every call too). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  // The support layout has already sent the signed-out and non-staff away.
  const [t, user] = await Promise.all([getTranslations(), getPageUser()]);
  if (user?.role !== "admin") {
    return (
      <div className="mx-auto flex max-w-lg flex-1 flex-col justify-center gap-4 px-6">
        <p className="text-sm font-semibold text-red-700">403</p>
        <h1 className="text-2xl font-bold">{t("admin.forbidden.title")}</h1>
        <p className="text-slate-700">{t("admin.forbidden.body")}</p>
      </div>
    );
  }
  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-y-auto">
      <header className="border-b border-slate-200 bg-white px-4 pt-4 lg:px-8">
        <p className="text-sm font-semibold text-slate-600">{t("admin.title")}</p>
        <AdminNav />
      </header>
      <div className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 lg:px-8">{children}</div>
    </div>
  );
}
