import { Readable } from "node:stream";

import { getLogger } from "@atiende/api/log";
import {
  contentDisposition,
  isDatabaseUnavailable,
  isUploadKey,
  mayReadUpload,
  texts,
  UploadError,
} from "@atiende/api/uploads";

import { getServices } from "~/server/services";
import { uploadFailure, uploadViewer } from "~/server/uploads";

export const dynamic = "force-dynamic";

/**
 * GET an uploaded file, for the people who may see it (its uploader, support staff, a candidate
 * whose conversation links it). Images display inline; anything else only downloads. Files in S3
 * are a redirect to a short-lived presigned URL.
 */
export async function GET(request: Request, context: { params: Promise<{ key: string }> }) {
  try {
    const services = await getServices();
    const { viewer } = await uploadViewer(services, request);
    const { key } = await context.params;
    const meta = isUploadKey(key) ? await services.uploads.head(key) : null;
    if (!meta) throw new UploadError(404, texts.uploadNotFound);
    if (!(await mayReadUpload(services.db, viewer, key, meta)))
      throw new UploadError(403, texts.uploadForbidden);

    const presigned = await services.uploads.url(key, meta);
    if (presigned) return Response.redirect(presigned, 302);
    const file = await services.uploads.get(key);
    if (!file) throw new UploadError(404, texts.uploadNotFound);
    return new Response(Readable.toWeb(file.body) as ReadableStream<Uint8Array>, {
      headers: {
        "Content-Type":
          meta.mimeType === "text/plain" ? "text/plain; charset=utf-8" : meta.mimeType,
        "Content-Length": String(meta.sizeBytes),
        "Content-Disposition": contentDisposition(meta),
        "X-Content-Type-Options": "nosniff",
        // Opened directly, nothing in it can run scripts or reach this origin's storage.
        "Content-Security-Policy": "sandbox",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cache-Control": "private, max-age=3600",
      },
    });
  } catch (error) {
    if (error instanceof UploadError) return uploadFailure(error.status, error.message);
    if (isDatabaseUnavailable(error)) return uploadFailure(503, texts.databaseUnavailable, { "Retry-After": "5" });
    getLogger().error({ err: error }, "GET /api/uploads failed");
    return uploadFailure(500, texts.internal);
  }
}
