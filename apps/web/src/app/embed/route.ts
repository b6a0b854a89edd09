import { securityPolicyFromEnv } from "@atiende/api/security";

import type { EmbedPageConfig } from "~/embed/page-config";
import { EMBED_CONFIG_ID } from "~/embed/page-config";
import { chatLimits } from "~/server/chat-limits";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON inside a <script> element: nothing in it can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

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
  const nonce = request.headers.get("x-nonce") ?? "";
  const known = securityPolicyFromEnv().embedOrigins.includes(hostOrigin);
  const config: EmbedPageConfig = { hostOrigin, locale, ...(await chatLimits()) };
  const title = locale === "en" ? "Support chat" : "Chat de soporte";
  const refusal =
    locale === "en" ? "This site is not allowed to show the chat." : "Este sitio no está autorizado para mostrar el chat.";
  const body = known
    ? `<div id="root"></div>
<script id="${EMBED_CONFIG_ID}" type="application/json">${scriptJson(config)}</script>
<script type="module" nonce="${escapeHtml(nonce)}" src="/embed/frame.js"></script>`
    : `<p style="font-family:system-ui,sans-serif;padding:24px">${refusal}</p>`;
  const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/embed/frame.css">
</head>
<body>
${body}
</body>
</html>`;
  return new Response(html, {
    status: known ? 200 : 403,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
