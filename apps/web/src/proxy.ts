import { pageCsp, securityPolicyFromEnv } from "@atiende/api/security";
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";

/**
 * Every page gets a Content-Security-Policy with a fresh nonce; Next reads it from the request's
 * header and puts it on its own scripts. The other security headers (and the API's policy) are
 * set by server.ts for every response.
 * https://nextjs.org/docs/app/guides/content-security-policy
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(securityPolicyFromEnv(), nonce, request.nextUrl.pathname);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes, build assets (the embed's and the service worker too) and prefetches
      // keep the API's policy.
      source: "/((?!api|_next/static|_next/image|favicon.ico|icon.svg|widget.js|sw.js|embed/|chat/).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
