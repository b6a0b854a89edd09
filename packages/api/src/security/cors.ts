/**
 * The API a host site's pages may call from the browser: tRPC over HTTP and the REST contracts
 * (widget, console, uploads). Pages, sign-in and token endpoints stay same-origin.
 */
const CORS_PATH = /^\/api\/(trpc|uploads)(\/|\?|$)|^\/api\/(chat|support\/chat)\//;

const ALLOWED_HEADERS = "authorization, content-type, x-request-id, trpc-accept, last-event-id";

export interface CorsAnswer {
  /** Headers for this response (none when the origin is not a host site). */
  headers: Record<string, string>;
  /** A preflight, fully answered by these headers and this status. */
  preflight?: number;
}

/**
 * CORS for the host sites (ATIENDE_EMBED_ORIGINS) only, with bearer tokens: never
 * `Access-Control-Allow-Credentials`, so a browser sends no cookie of ours from another site, and
 * a page on an unlisted origin gets no answer it may read.
 */
export function corsHeaders(
  method: string | undefined,
  url: string,
  origin: string | undefined,
  allowedOrigins: readonly string[],
): CorsAnswer | null {
  if (!origin || !CORS_PATH.test(url)) return null;
  const allowed = allowedOrigins.includes(origin);
  const vary = { Vary: "Origin" };
  if (method === "OPTIONS") {
    if (!allowed) return { headers: vary, preflight: 403 };
    return {
      headers: {
        ...vary,
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": "GET, POST, PATCH, PUT, DELETE",
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": "600",
      },
      preflight: 204,
    };
  }
  if (!allowed) return { headers: vary };
  return {
    headers: {
      ...vary,
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Expose-Headers": "x-request-id, retry-after",
    },
  };
}
