import { verifyBearer } from "@atiende/api";
import { bearerToken } from "@atiende/api/contract";
import type { Viewer } from "@atiende/api/uploads";
import { texts, toViewer, UploadError } from "@atiende/api/uploads";

import { getSessionUser } from "./auth";
import type { Services } from "./services";

/** A JSON answer that is never cached; errors carry a Spanish `message` like the REST API's. */
export const uploadJson = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

export const uploadFailure = (
  status: number,
  message: string,
  headers: Record<string, string> = {},
) => uploadJson(status, { success: false, message }, headers);

/**
 * Who is calling: a bearer token when one is sent (and then only that), else the browser's session
 * cookie. Throws 401 for nobody, 403 for a role without the chat.
 */
export async function uploadViewer(
  services: Services,
  request: Request,
): Promise<{ viewer: Viewer; viaCookie: boolean }> {
  const authorization = request.headers.get("authorization");
  const token = bearerToken(authorization);
  const user = authorization
    ? token
      ? (await verifyBearer(services.db, services.config, token))?.user
      : undefined
    : await getSessionUser();
  if (!user) throw new UploadError(401, texts.unauthorized);
  const viewer = toViewer(user);
  if (!viewer) throw new UploadError(403, texts.forbiddenRole);
  return { viewer, viaCookie: !authorization };
}

/**
 * Reads a request body of at most `limit` bytes, refusing a larger one as soon as it shows (by its
 * declared length or while streaming), so an oversized upload is never held in memory whole.
 */
export async function readBodyWithin(
  request: Request,
  limit: number,
  tooLarge: string,
): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(request.headers.get("content-length") ?? 0) > limit)
    throw new UploadError(413, tooLarge);
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new UploadError(413, tooLarge);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
