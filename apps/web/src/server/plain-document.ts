import { env } from "~/env";
import { DEV_RELOAD_PATH, PAGE_CONFIG_ID } from "~/plain-pages/page-config";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON inside a <script> element: nothing in it can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/** pnpm dev: Next's hot reload does not reach these pages; a rebuild of their scripts reloads them. */
const devReload = (nonce: string) =>
  env.NODE_ENV === "production"
    ? ""
    : `\n<script nonce="${escapeHtml(nonce)}">new EventSource("${DEV_RELOAD_PATH}").onmessage = () => location.reload();</script>`;

/**
 * One of our plain pages (see plain-pages/page-config.ts): its JSON and its script, which runs with
 * the nonce src/proxy.ts put in this request's Content-Security-Policy. Without `script`, the page
 * shows `text` alone (a refusal).
 */
export function plainDocument(
  request: Request,
  page: {
    locale: "es" | "en";
    title: string;
    stylesheet: string;
    status?: number;
    /** Under pnpm dev, reloads when its script is rebuilt (not the embedded chat: its host holds its state). */
    reloadInDev?: boolean;
    /** Sent to other sites (the embedded chat's host) as no more than the origin. */
    referrer?: "no-referrer";
  } & ({ script: string; config: unknown } | { text: string }),
): Response {
  const nonce = request.headers.get("x-nonce") ?? "";
  const body =
    "script" in page
      ? `<div id="root"></div>
<script id="${PAGE_CONFIG_ID}" type="application/json">${scriptJson(page.config)}</script>
<script type="module" nonce="${escapeHtml(nonce)}" src="${page.script}"></script>${page.reloadInDev ? devReload(nonce) : ""}`
      : `<p style="font-family:system-ui,sans-serif;padding:24px">${escapeHtml(page.text)}</p>`;
  const html = `<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${page.referrer ? `<meta name="referrer" content="${page.referrer}">\n` : ""}<title>${escapeHtml(page.title)}</title>
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${page.stylesheet}">
</head>
<body>
${body}
</body>
</html>`;
  return new Response(html, {
    status: page.status ?? 200,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
