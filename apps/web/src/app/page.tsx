import { buttonVariants } from "@atiende/ui";
import Link from "next/link";

import { SignOutButton } from "~/components/sign-out-button";
import { getTranslations } from "~/i18n/locale";
import { getSessionUser } from "~/server/auth";

export default async function HomePage() {
  const [t, user] = await Promise.all([getTranslations(), getSessionUser()]);
  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-6 px-6">
      <div>
        <p className="text-sm font-semibold tracking-wide text-indigo-700 uppercase">{t("app.name")}</p>
        <h1 className="mt-2 text-3xl font-bold">
          {user ? t("home.greeting", { name: user.name }) : t("app.tagline")}
        </h1>
      </div>
      {user ? (
        <>
          <p className="text-slate-700">
            {t("home.signedInAs", { email: user.email, role: roleLabel(t, user.role) })}
          </p>
          <div className="flex gap-3">
            <Link href="/chat-soporte" className={buttonVariants()}>
              {t("home.supportChat")}
            </Link>
            <SignOutButton label={t("home.signOut")} />
          </div>
        </>
      ) : (
        <>
          <p className="text-slate-700">{t("home.welcome")}</p>
          <div>
            <Link href="/sign-in" className={buttonVariants()}>
              {t("home.signIn")}
            </Link>
          </div>
        </>
      )}
    </main>
  );
}

type Translate = Awaited<ReturnType<typeof getTranslations>>;
const roleLabel = (t: Translate, role: string) =>
  role === "candidato" || role === "soporte" || role === "admin" || role === "developer"
    ? t(`roles.${role}`)
    : role;
