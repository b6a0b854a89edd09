import { getLocale, getTimeZone, getTranslations } from "~/i18n/locale";
import type { ChatPageConfig } from "~/plain-pages/page-config";
import { getSessionUser } from "~/server/auth";
import { chatLimits } from "~/server/chat-limits";
import { conversationParam, signInFor } from "~/server/conversation-link";
import { plainDocument } from "~/server/plain-document";

const redirectTo = (location: string) => new Response(null, { status: 307, headers: { Location: location } });

/**
 * GET /chat-soporte — the candidate's support page. A plain document with the chat's own script
 * (public/chat/chat-soporte.js, built like the embedded chat), not a Next page: on a phone the
 * chat is all there is to download. It checks the session as every page does, then the script
 * talks to the API with the same cookie.
 */
export async function GET(request: Request) {
  const conversationId = conversationParam(new URL(request.url).searchParams.get("conversation") ?? undefined);
  const user = await getSessionUser();
  if (!user) return redirectTo(signInFor("/chat-soporte", conversationId));
  // A temporary password (given by an admin) is changed first, as on every page.
  if (user.mustChangePassword) return redirectTo("/perfil");
  const [locale, timeZone, t] = await Promise.all([getLocale(), getTimeZone(), getTranslations()]);
  const config: ChatPageConfig = { locale, timeZone, viewer: { id: user.id, name: user.name }, conversationId, ...(await chatLimits()) };
  return plainDocument(request, {
    locale,
    title: t("chat.pageTitle"),
    stylesheet: "/chat/chat.css",
    script: "/chat/chat-soporte.js",
    config,
    reloadInDev: true,
  });
}
