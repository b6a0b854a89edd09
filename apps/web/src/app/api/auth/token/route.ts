import { authenticateWithPassword, issueToken, recordFailedSignIn } from "@atiende/api";
import { z } from "zod";

import { noStoreJson as json, readJsonBody } from "~/server/json-body";
import { getServices } from "~/server/services";
import { refuseIfRateLimited, requestIp } from "~/server/sign-in-limit";

const ZTokenRequest = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/**
 * POST { email, password } → a short-lived bearer token for the REST API and the typed client.
 * Attempts are rate-limited per IP and failures per account: 429 with Retry-After past them.
 */
export async function POST(request: Request) {
  const { tooLarge, body } = await readJsonBody(request);
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
