import { securityPolicyFromEnv } from "@atiende/api/security";

import type { EmbedPageConfig } from "~/plain-pages/page-config";
import { chatLimits } from "~/server/chat-limits";
import { plainDocument } from "~/server/plain-document";

/**
 * GET /embed?host=<origin>&locale=es|en — the chat that host sites show in their frame (see
 * widget.js). A plain document with its own small script (public/embed/frame.js), not a Next page:
 * it must load fast inside someone else's site. Only the host sites may frame it (frame-ancestors,
 * set with this page's nonce by src/proxy.ts), and it serves only a host it knows.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const hostOrigin = url.searchParams.get("host") ?? "";
  const locale = url.searchParams.get("locale") === "en" ? "en" : "es";
  const page = {
    locale,
    title: locale === "en" ? "Support chat" : "Chat de soporte",
    stylesheet: "/chat/chat.css",
    referrer: "no-referrer",
  } as const;
  if (!securityPolicyFromEnv().embedOrigins.includes(hostOrigin)) {
    const text =
      locale === "en" ? "This site is not allowed to show the chat." : "Este sitio no está autorizado para mostrar el chat.";
    return plainDocument(request, { ...page, status: 403, text });
  }
  const config: EmbedPageConfig = { hostOrigin, locale, ...(await chatLimits()) };
  return plainDocument(request, { ...page, script: "/embed/frame.js", config });
}
