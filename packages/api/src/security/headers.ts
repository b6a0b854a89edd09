import type { ApiEnv } from "../env";
import { isProductionEnv, readApiEnv } from "../env";

/** What the headers depend on: production (HSTS, no eval) and where uploaded images come from. */
export interface SecurityPolicy {
  production: boolean;
  /** Origins presigned upload URLs point at (S3), allowed as image and media sources. */
  uploadOrigins: readonly string[];
}

/**
 * Headers for every response, pages and API alike. HSTS only in production (over plain HTTP,
 * browsers ignore it anyway).
 */
export function baseSecurityHeaders(policy: SecurityPolicy): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    // For browsers without CSP's frame-ancestors.
    "X-Frame-Options": "DENY",
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
export function pageCsp(policy: SecurityPolicy, nonce: string): string {
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
    "frame-ancestors 'none'",
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
  cached ??= { production: isProductionEnv(), uploadOrigins: uploadOrigins(readApiEnv()) };
  return cached;
}
