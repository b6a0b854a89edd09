import { authenticateWithPassword, issueToken, recordFailedSignIn } from "@atiende/api";
import { z } from "zod";

import { getServices } from "~/server/services";
import { refuseIfRateLimited, requestIp } from "~/server/sign-in-limit";

const ZTokenRequest = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

const MAX_BODY_BYTES = 16 * 1024;

const json = (status: number, body: unknown) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

/** Reads a small JSON body; null when it is too big or not JSON. */
async function readBody(request: Request): Promise<{ tooLarge: boolean; body: unknown }> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return { tooLarge: true, body: null };
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return { tooLarge: true, body: null };
  try {
    return { tooLarge: false, body: JSON.parse(text) as unknown };
  } catch {
    return { tooLarge: false, body: undefined };
  }
}

/**
 * POST { email, password } → a short-lived bearer token for the REST API and the typed client.
 * Attempts are rate-limited per IP and failures per account: 429 with Retry-After past them.
 */
export async function POST(request: Request) {
  const { tooLarge, body } = await readBody(request);
  if (tooLarge) return json(413, { success: false, message: "Petición demasiado grande" });
  const parsed = ZTokenRequest.safeParse(body);
  if (!parsed.success) {
    return json(400, { success: false, message: ["Indica email y password"], errors: z.flattenError(parsed.error).fieldErrors });
  }
  const refused = await refuseIfRateLimited(request, parsed.data.email, (message, retryAfterSeconds) => ({
    success: false,
    message,
    retryAfterSeconds,
  }));
  if (refused) return refused;
  const { db, config } = await getServices();
  const user = await authenticateWithPassword(db, parsed.data.email, parsed.data.password);
  if (!user) {
    await recordFailedSignIn(db, config, { email: parsed.data.email, ip: requestIp(request) });
    return json(401, { success: false, message: "Credenciales inválidas" });
  }
  const { token, expiresAt } = await issueToken(user.id, config);
  return json(200, {
    token,
    expiresAt: expiresAt.toISOString(),
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
  });
}
