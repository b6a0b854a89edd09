import { exchangeEmbedToken } from "@atiende/api";
import { z } from "zod";

import { noStoreJson as json, readJsonBody } from "~/server/json-body";
import { getServices } from "~/server/services";

const ZEmbedTokenRequest = z.strictObject({ token: z.string().min(1).max(8192) });

/**
 * POST { token } (a host site's signed token for its user) → a bearer token of ours for that
 * person, a candidate, living no longer than the host's. The embedded chat (/embed) calls it; the
 * host's token travels in the body, never in a URL.
 */
export async function POST(request: Request) {
  const { tooLarge, body } = await readJsonBody(request);
  if (tooLarge) return json(413, { success: false, message: "Petición demasiado grande" });
  const parsed = ZEmbedTokenRequest.safeParse(body);
  if (!parsed.success) return json(400, { success: false, message: "Falta el token del sitio" });
  const { db, config } = await getServices();
  const exchanged = await exchangeEmbedToken(db, config, parsed.data.token);
  if (!exchanged) {
    return json(401, { success: false, message: "El sitio no pudo confirmar quién eres" });
  }
  const { token, expiresAt, user } = exchanged;
  return json(200, {
    token,
    expiresAt: expiresAt.toISOString(),
    user: { id: user.id, name: user.name, role: user.role },
  });
}
