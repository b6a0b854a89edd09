import { isStaffRole } from "@atiende/api/contract";
import { buttonVariants } from "@atiende/ui";
import Link from "next/link";

import { ChatLauncher } from "~/components/chat/chat-launcher";
import { Navbar } from "~/components/shell/navbar";
import { getTranslations, roleLabel } from "~/i18n/locale";
import { getPageUser } from "~/server/auth";
import { chatLimits } from "~/server/chat-limits";

export default async function HomePage() {
  const [t, user] = await Promise.all([getTranslations(), getPageUser()]);
  if (!user) {
    return (
      <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-6 px-6">
        <p className="text-sm font-semibold tracking-wide text-indigo-700 uppercase">{t("app.name")}</p>
        <h1 className="text-3xl font-bold">{t("app.tagline")}</h1>
        <p className="text-slate-700">{t("home.welcome")}</p>
        <div>
          <Link href="/sign-in" className={buttonVariants()}>
            {t("home.signIn")}
          </Link>
        </div>
      </main>
    );
  }
  return (
    <>
      <Navbar name={user.name} />
      <main className="mx-auto max-w-5xl px-4 py-10">
        <h1 className="text-3xl font-bold">{t("home.greeting", { name: user.name })}</h1>
        <p className="mt-2 text-slate-700">
          {t("home.signedInAs", { email: user.email, role: roleLabel(t, user.role) })}
        </p>
        <div className="mt-6">
          {isStaffRole(user.role) ? (
            <Link href="/support/communication" className={buttonVariants()}>
              {t("home.console")}
            </Link>
          ) : (
            <a href="/chat-soporte" className={buttonVariants({ variant: "secondary" })}>
              {t("home.supportChat")}
            </a>
          )}
        </div>
      </main>
      {user.role === "candidato" && (
        <ChatLauncher
          viewerId={user.id}
          {...(await chatLimits())}
        />
      )}
    </>
  );
}
