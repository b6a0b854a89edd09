import type { ChatLimits } from "@atiende/api/contract";

/*
 * Pages served as a small document of our own instead of a Next page (/embed and /chat-soporte):
 * a route handler writes the HTML with this JSON in it, and the page's script, bundled by
 * scripts/build-embed.mjs with Preact, reads it back. What a candidate's phone downloads is then
 * the chat itself, not a framework (see e2e/tests/budgets.e2e.ts).
 */

/** In development (pnpm dev), an event stream that says when the pages' scripts were rebuilt. */
export const DEV_RELOAD_PATH = "/_dev/plain-pages-reload";

/** The id of the JSON element the document carries for its script. */
export const PAGE_CONFIG_ID = "atiende-page-config";

/** What the server tells the embedded chat about its host and its limits. */
export interface EmbedPageConfig extends ChatLimits {
  /** The host page's origin, already checked against ATIENDE_EMBED_ORIGINS. */
  hostOrigin: string;
  locale: "es" | "en";
}

/** What /chat-soporte's script needs: who is signed in, in which language and zone. */
export interface ChatPageConfig extends ChatLimits {
  locale: "es" | "en";
  /** The zone the server would render in (the reader's remembered zone, else the team's). */
  timeZone: string;
  viewer: { id: string; name: string };
  /** The conversation to show first (an email's link), when the URL names one. */
  conversationId?: string;
}

/** The page's JSON, in the browser. */
export function readPageConfig<T>(): T {
  return JSON.parse(document.getElementById(PAGE_CONFIG_ID)?.textContent ?? "{}") as T;
}
