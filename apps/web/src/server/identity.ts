import type { IncomingMessage } from "node:http";

import type { ApiServices, BearerIdentity } from "@atiende/api";
import { credentialUser } from "@atiende/api";
import type { Identify } from "@atiende/api/server";
import { bearerIdentity } from "@atiende/api/server";
import { parse as parseCookies } from "cookie";
import type { NextApiRequest } from "next";
import { getToken } from "next-auth/jwt";

import { env } from "~/env";

/** When a session signed in; sessions from before this field existed count as infinitely old. */
export const sessionAuthTime = (value: unknown) => (typeof value === "number" ? value : 0);

/** The next-auth session cookie of a raw Node request, if it is valid. */
async function identifySession(
  services: ApiServices,
  request: IncomingMessage,
  mayRemember = false,
): Promise<BearerIdentity | null> {
  const token = await getToken({
    req: {
      headers: request.headers,
      cookies: parseCookies(request.headers.cookie ?? ""),
    } as unknown as NextApiRequest,
    secret: env.AUTH_SECRET,
    secureCookie: env.NEXTAUTH_URL?.startsWith("https://") ?? false,
  });
  if (!token?.sub) return null;
  const found = await credentialUser(services.db, token.sub, sessionAuthTime(token.authTime), mayRemember);
  const exp = typeof token.exp === "number" ? new Date(token.exp * 1000) : undefined;
  return found && { ...found, expiresAt: exp };
}

/**
 * Who is calling: a bearer token when one is sent (and then only that), else the browser's
 * session cookie.
 */
export function createIdentify(services: ApiServices): Identify {
  const bearer = bearerIdentity(services);
  return {
    request: (request, mayRemember) =>
      request.headers.authorization
        ? bearer.request(request, mayRemember)
        : identifySession(services, request, mayRemember),
    connection: (request, params) =>
      params?.token ? bearer.connection(request, params) : identifySession(services, request),
  };
}
