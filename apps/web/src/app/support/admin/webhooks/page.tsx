import { WebhooksAdmin } from "~/components/webhooks/webhooks-admin";
import { getTranslations } from "~/i18n/locale";
import { getSessionUser } from "~/server/auth";

export const metadata = { title: "Webhooks · Atiende" };

/** Admins only: /support's layout lets every member of staff in, the API refuses the rest anyway. */
export default async function WebhooksPage() {
  const [t, user] = await Promise.all([getTranslations(), getSessionUser()]);
  if (user?.role !== "admin") {
    return (
      <main className="mx-auto flex max-w-lg flex-1 flex-col justify-center gap-3 px-6">
        <p className="text-sm font-semibold text-red-700">403</p>
        <h1 className="text-2xl font-bold">{t("webhooks.forbidden.title")}</h1>
        <p className="text-slate-700">{t("webhooks.forbidden.body")}</p>
      </main>
    );
  }
  return <WebhooksAdmin />;
}
