import { getNotificationSettings, readUnsubscribeToken } from "@atiende/api/notifications";
import { createTranslator } from "use-intl/core";

import { UnsubscribeButton } from "~/components/notifications/unsubscribe-button";
import { getMessages } from "~/i18n/locale";
import { getServices } from "~/server/services";

export const metadata = { title: "Atiende" };

/**
 * Where an email's unsubscribe link lands, signed in or not: it asks before it acts (link scanners
 * open links), in the language the emails were written in.
 */
export default async function UnsubscribePage(props: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { db, config } = await getServices();
  const raw = (await props.searchParams).token;
  const token = typeof raw === "string" ? raw.slice(0, 200) : "";
  const userId = readUnsubscribeToken(token, config.auth.secret);
  const locale = userId ? (await getNotificationSettings(db, userId)).locale : "es";
  const t = createTranslator({ locale, messages: getMessages(locale), namespace: "unsubscribe" });
  return (
    <main lang={locale} className="mx-auto max-w-lg px-6 py-16">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      {userId ? (
        <UnsubscribeButton token={token} question={t("question")} confirm={t("confirm")} done={t("done")} failed={t("failed")} />
      ) : (
        <p className="mt-4 text-slate-800">{t("invalid")}</p>
      )}
    </main>
  );
}
