import { admitSignIn, CLIENT_IP_HEADER, RateLimitedError } from "@atiende/api";

import { getServices } from "./services";

/** The caller's address, from the header server.ts always overwrites (never the client's own). */
export const requestIp = (request: Request) => request.headers.get(CLIENT_IP_HEADER) || null;

/**
 * Lets a sign-in attempt through the brute-force limits, or answers 429 with Retry-After and a
 * Spanish message. `body` shapes the answer for the caller (JSON API or next-auth's client).
 */
export async function refuseIfRateLimited(
  request: Request,
  email: string,
  body: (message: string, retryAfterSeconds: number) => Record<string, unknown>,
): Promise<Response | null> {
  const { db, config } = await getServices();
  try {
    await admitSignIn(db, config, { email, ip: requestIp(request) });
    return null;
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    return Response.json(body(error.message, error.retryAfterSeconds), {
      status: 429,
      headers: { "Retry-After": String(error.retryAfterSeconds), "Cache-Control": "no-store" },
    });
  }
}
