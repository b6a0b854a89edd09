import type { IncomingMessage } from "node:http";

import type { BearerIdentity } from "@atiende/api";
import { findUserById, verifyBearer } from "@atiende/api";
import type { User } from "@atiende/db";
import { parse as parseCookies } from "cookie";
import type { NextApiRequest } from "next";
import { getToken } from "next-auth/jwt";

import { env } from "~/env";
import { getServices } from "./services";

const bearerOf = (header: string | undefined) => header?.match(/^Bearer\s+(.+)$/i)?.[1];

/** The next-auth session cookie of a raw Node request, if it is valid. */
async function identifySession(request: IncomingMessage): Promise<BearerIdentity | null> {
  const token = await getToken({
    req: {
      headers: request.headers,
      cookies: parseCookies(request.headers.cookie ?? ""),
    } as unknown as NextApiRequest,
    secret: env.AUTH_SECRET,
    secureCookie: env.NEXTAUTH_URL?.startsWith("https://") ?? false,
  });
  if (!token?.sub) return null;
  const { db } = await getServices();
  const user = await findUserById(db, token.sub);
  const exp = typeof token.exp === "number" ? new Date(token.exp * 1000) : undefined;
  return user ? { user, expiresAt: exp } : null;
}

/** Who an HTTP call is from: its bearer token when it sends one (and then only that), else its session. */
export async function identifyRequest(request: IncomingMessage): Promise<User | null> {
  const { authorization } = request.headers;
  if (authorization) {
    const token = bearerOf(authorization);
    const { db, config } = await getServices();
    return token ? ((await verifyBearer(db, config, token))?.user ?? null) : null;
  }
  return (await identifySession(request))?.user ?? null;
}

/** Who opens a WebSocket: a token in `connectionParams` (typed client), else the session cookie. */
export async function identifyConnection(
  request: IncomingMessage,
  params: Record<string, string> | null,
): Promise<BearerIdentity | null> {
  if (params?.token) {
    const { db, config } = await getServices();
    return verifyBearer(db, config, params.token);
  }
  return identifySession(request);
}
