import Link from "next/link";
import { redirect } from "next/navigation";

import { EmailNotificationsForm } from "~/components/notifications/email-notifications-form";
import { PushSettings } from "~/components/notifications/push-settings";
import { ChangePasswordForm } from "~/components/profile/change-password-form";
import { Navbar } from "~/components/shell/navbar";
import { getTranslations, roleLabel } from "~/i18n/locale";
import { getSessionUser } from "~/server/auth";

export default async function ProfilePage() {
  const [t, user] = await Promise.all([getTranslations(), getSessionUser()]);
  if (!user) redirect("/sign-in?callbackUrl=/perfil");
  const rows: [string, string][] = [
    [t("profile.name"), user.name],
    [t("profile.email"), user.email],
    [t("profile.role"), roleLabel(t, user.role)],
  ];
  return (
    <>
      <Navbar name={user.name} />
      <main className="mx-auto max-w-5xl px-4 py-10">
        <h1 className="text-2xl font-bold">{t("profile.title")}</h1>
        {user.mustChangePassword && (
          <div role="alert" className="mt-4 max-w-md rounded-md border border-amber-300 bg-amber-50 p-4">
            <h2 className="font-semibold">{t("profile.temporaryTitle")}</h2>
            <p className="mt-1 text-sm text-slate-800">{t("profile.temporaryBody")}</p>
            <Link href="/" className="mt-2 inline-block text-sm font-medium text-indigo-800 underline">
              {t("profile.continue")}
            </Link>
          </div>
        )}
        <dl className="mt-4 grid max-w-md grid-cols-[auto_1fr] gap-x-6 gap-y-2">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-medium text-slate-700">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <EmailNotificationsForm />
        <PushSettings />
        {user.passwordHash && <ChangePasswordForm email={user.email} />}
      </main>
    </>
  );
}
