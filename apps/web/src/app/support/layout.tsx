import { isStaffRole } from "@atiende/api/contract";
import { buttonVariants } from "@atiende/ui";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";

import { SupportLayout } from "~/components/console/support-layout";
import { getTranslations } from "~/i18n/locale";
import { getPageUser } from "~/server/auth";


/** Every /support page: staff only. The API refuses others too; this keeps them from the shell. */
export default async function Layout({ children }: { children: ReactNode }) {
  const [t, user] = await Promise.all([getTranslations(), getPageUser()]);
  if (!user) redirect("/sign-in?callbackUrl=/support/communication");
  if (!isStaffRole(user.role)) {
    return (
      <main className="mx-auto flex min-h-screen max-w-lg flex-col justify-center gap-4 px-6">
        <p className="text-sm font-semibold text-red-700">403</p>
        <h1 className="text-2xl font-bold">{t("console.forbidden.title")}</h1>
        <p className="text-slate-700">{t("console.forbidden.body")}</p>
        <div>
          <Link href="/" className={buttonVariants({ variant: "secondary" })}>
            {t("console.forbidden.home")}
          </Link>
        </div>
      </main>
    );
  }
  return <SupportLayout name={user.name} isAdmin={user.role === "admin"}>{children}</SupportLayout>;
}
