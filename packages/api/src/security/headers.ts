import { configFromEnv } from "../config";
import type { ApiEnv } from "../env";
import { isProductionEnv, readApiEnv } from "../env";

/**
 * What the headers depend on: production (HSTS, no eval), where uploaded images come from, and
 * which host sites embed the chat.
 */
export interface SecurityPolicy {
  production: boolean;
  /** Origins presigned upload URLs point at (S3), allowed as image and media sources. */
  uploadOrigins: readonly string[];
  /** Host sites (ATIENDE_EMBED_ORIGINS): they alone may frame the embedded chat. */
  embedOrigins: readonly string[];
}

/** The one page meant to live inside other sites' pages. */
const EMBED_PATH = "/embed";

const pathOf = (url: string) => url.split(/[?#]/, 1)[0] ?? "";

/**
 * Who may frame a response, decided once for every route: the embedded chat by the host sites
 * (none when none are configured), everything else by nobody.
 */
export function frameAncestors(url: string, policy: SecurityPolicy): string {
  const embeddable = pathOf(url) === EMBED_PATH && policy.embedOrigins.length > 0;
  return embeddable ? policy.embedOrigins.join(" ") : "'none'";
}

/** The same decision for browsers without CSP's frame-ancestors (X-Frame-Options cannot list sites). */
export function frameHeaders(url: string, policy: SecurityPolicy): Record<string, string> {
  return frameAncestors(url, policy) === "'none'" ? { "X-Frame-Options": "DENY" } : {};
}

/**
 * Headers for every response, pages and API alike (framing is per route: `frameHeaders`). HSTS only
 * in production (over plain HTTP, browsers ignore it anyway).
 */
export function baseSecurityHeaders(policy: SecurityPolicy): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(policy.production ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** API answers are data, never documents: nothing may load, nobody may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The pages' policy: scripts only with this response's nonce (and what they load, 'strict-dynamic');
 * development adds 'unsafe-eval' (React's dev tools) and the reload socket. Inline style
 * attributes stay allowed: React and the charts set them, and they cannot run code.
 * https://nextjs.org/docs/app/guides/content-security-policy
 */
export function pageCsp(policy: SecurityPolicy, nonce: string, url: string): string {
  const uploads = policy.uploadOrigins.join(" ");
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${policy.production ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${uploads}`,
    `media-src 'self' blob: ${uploads}`,
    "font-src 'self' data:",
    `connect-src 'self'${policy.production ? "" : " ws: wss:"}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors(url, policy)}`,
  ];
  return directives.map((directive) => directive.trim()).join("; ");
}

/** Where presigned S3 URLs point: the endpoint (path style) or the bucket's own host. */
export function uploadOrigins(env: Pick<ApiEnv, "UPLOADS_S3_BUCKET" | "UPLOADS_S3_ENDPOINT" | "UPLOADS_S3_REGION" | "UPLOADS_S3_FORCE_PATH_STYLE">): string[] {
  const bucket = env.UPLOADS_S3_BUCKET;
  if (!bucket) return [];
  if (env.UPLOADS_S3_ENDPOINT) {
    const endpoint = new URL(env.UPLOADS_S3_ENDPOINT);
    const pathStyle = env.UPLOADS_S3_FORCE_PATH_STYLE ?? true;
    return pathStyle ? [endpoint.origin] : [`${endpoint.protocol}//${bucket}.${endpoint.host}`];
  }
  return [
    `https://${bucket}.s3.${env.UPLOADS_S3_REGION}.amazonaws.com`,
    `https://${bucket}.s3.amazonaws.com`,
  ];
}

let cached: SecurityPolicy | undefined;

/** The policy of this deployment, from its environment (read once). */
export function securityPolicyFromEnv(): SecurityPolicy {
  if (!cached) {
    const env = readApiEnv();
    cached = {
      production: isProductionEnv(),
      uploadOrigins: uploadOrigins(env),
      embedOrigins: configFromEnv(env).embed.origins,
    };
  }
  return cached;
}
