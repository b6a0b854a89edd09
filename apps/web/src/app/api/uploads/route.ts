import { getLogger } from "@atiende/api/log";
import {
  consumeUploadQuota,
  isDatabaseUnavailable,
  RateLimitedError,
  storeUpload,
  texts,
  UploadError,
  uploadUrl,
} from "@atiende/api/uploads";

import { env } from "~/env";
import { getServices } from "~/server/services";
import { readBodyWithin, uploadFailure, uploadJson, uploadViewer } from "~/server/uploads";

export const dynamic = "force-dynamic";

// Room for the multipart framing around the file itself.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** No `Origin` (not a browser's cross-site request) or one naming this very host. */
function isSameSite(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.get("host");
  } catch {
    return false;
  }
}

/**
 * POST multipart/form-data with the file in `file` → 201 `{ url, name, mimeType, sizeBytes }`,
 * ready to send as a message's attachment. Signed-in chat users only (session cookie or bearer).
 */
export async function POST(request: Request) {
  try {
    const services = await getServices();
    const { viewer, viaCookie } = await uploadViewer(services, request);
    // A cookie rides along on cross-site requests too; only this app's own pages may upload with it.
    if (viaCookie && !isSameSite(request)) throw new UploadError(403, texts.uploadCrossSite);
    await consumeUploadQuota(services.db, env.UPLOADS_RATE_LIMIT_PER_MINUTE, viewer.id);

    const contentType = request.headers.get("content-type") ?? "";
    if (!/^multipart\/form-data\s*;/i.test(contentType))
      throw new UploadError(400, texts.uploadBody);
    const maxBytes = services.config.limits.attachmentMaxBytes;
    const body = await readBodyWithin(
      request,
      maxBytes + MULTIPART_OVERHEAD_BYTES,
      texts.attachmentSize(maxBytes),
    );
    const form = await new Response(body, { headers: { "content-type": contentType } })
      .formData()
      .catch(() => {
        throw new UploadError(400, texts.uploadBody);
      });
    const file = form.get("file");
    if (!(file instanceof File)) throw new UploadError(400, texts.uploadBody);

    const { key, meta } = await storeUpload(services.uploads, services.config.limits, viewer.id, {
      bytes: new Uint8Array(await file.arrayBuffer()),
      declaredType: file.type,
      name: file.name,
    });
    const publicOrigin = env.NEXTAUTH_URL
      ? new URL(env.NEXTAUTH_URL).origin
      : new URL(request.url).origin;
    return uploadJson(201, {
      url: uploadUrl(publicOrigin, key),
      name: meta.name,
      mimeType: meta.mimeType,
      sizeBytes: meta.sizeBytes,
    });
  } catch (error) {
    if (error instanceof UploadError) return uploadFailure(error.status, error.message);
    if (error instanceof RateLimitedError) {
      return uploadFailure(429, error.message, { "Retry-After": String(error.retryAfterSeconds) });
    }
    if (isDatabaseUnavailable(error)) return uploadFailure(503, texts.databaseUnavailable, { "Retry-After": "5" });
    getLogger().error({ err: error }, "POST /api/uploads failed");
    return uploadFailure(500, texts.internal);
  }
}
