import { getNotificationSettings, readUnsubscribeToken, updateNotificationSettings } from "@atiende/api/notifications";
import { createTranslator } from "use-intl/core";

import { getMessages } from "~/i18n/locale";
import { getServices } from "~/server/services";

/**
 * The link in every email. GET asks (link scanners open links; they must not unsubscribe anyone);
 * POST, from that page or a mail client's one-click button (RFC 8058), turns the emails off. The
 * token names the person and is signed for this purpose only.
 */
export async function GET(request: Request) {
  return answer(request, "ask");
}

export async function POST(request: Request) {
  return answer(request, "unsubscribe");
}

async function answer(request: Request, action: "ask" | "unsubscribe") {
  const { db, config } = await getServices();
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const userId = readUnsubscribeToken(token.slice(0, 200), config.auth.secret);
  const locale = userId ? (await getNotificationSettings(db, userId)).locale : "es";
  const t = createTranslator({ locale, messages: getMessages(locale), namespace: "unsubscribe" });
  if (!userId) return page(400, locale, t("title"), `<p>${t("invalid")}</p>`);
  if (action === "unsubscribe") {
    await updateNotificationSettings(db, userId, { emailEnabled: false }, null);
    return page(200, locale, t("title"), `<p>${t("done")}</p>`);
  }
  const form = `<p>${t("question")}</p><form method="post" action="?token=${encodeURIComponent(token)}"><button type="submit">${t("confirm")}</button></form>`;
  return page(200, locale, t("title"), form);
}

// Every piece of text here is ours (the messages files); the token is URL-encoded above.
const page = (status: number, locale: string, title: string, body: string) =>
  new Response(
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } },
  );
