import type { Executor, User } from "@atiende/db";

import { texts } from "../domain/errors";
import { consumeQuota } from "../domain/rate-limit";
import type { Viewer } from "../domain/roles";
import { isChatRole } from "../domain/roles";
import type { ApiEnv } from "../env";
import { createLocalStorage } from "./local-storage";
import { createS3Storage } from "./s3-storage";
import type { UploadStorage } from "./storage";

export { RateLimitedError, texts } from "../domain/errors";
export { isDatabaseUnavailable } from "../domain/outage";
export type { Viewer } from "../domain/roles";
export { mayReadUpload, UPLOADS_PATH, uploadUrl } from "./access";
export { createLocalStorage } from "./local-storage";
export { createS3Storage, type S3StorageOptions } from "./s3-storage";
export {
  contentDisposition,
  isInlineType,
  isUploadKey,
  type UploadMeta,
  type UploadStorage,
} from "./storage";
export {
  checkUpload,
  sanitizeFileName,
  storeUpload,
  UploadError,
  type UploadInput,
} from "./upload";

/**
 * The deployment's upload storage: S3-compatible when `UPLOADS_S3_BUCKET` is set, else the local
 * folder `localDir` (the caller resolves `UPLOADS_DIR`, relative paths being the app's business).
 */
export function storageFromEnv(env: ApiEnv, localDir: string): UploadStorage {
  if (!env.UPLOADS_S3_BUCKET) return createLocalStorage(localDir);
  const keyId = env.UPLOADS_S3_ACCESS_KEY_ID;
  const secret = env.UPLOADS_S3_SECRET_ACCESS_KEY;
  if (Boolean(keyId) !== Boolean(secret)) {
    throw new Error(
      "Invalid environment variables: set both UPLOADS_S3_ACCESS_KEY_ID and UPLOADS_S3_SECRET_ACCESS_KEY, or neither",
    );
  }
  return createS3Storage({
    bucket: env.UPLOADS_S3_BUCKET,
    region: env.UPLOADS_S3_REGION,
    endpoint: env.UPLOADS_S3_ENDPOINT,
    credentials: keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined,
    forcePathStyle: env.UPLOADS_S3_FORCE_PATH_STYLE,
    urlTtlSeconds: env.UPLOADS_S3_URL_TTL_SECONDS,
  });
}

/** Spends one of the uploader's uploads for this minute, or throws RateLimitedError. */
export function consumeUploadQuota(
  db: Executor,
  perMinute: number,
  uploaderId: string,
): Promise<void> {
  return consumeQuota(db, {
    keyPrefix: "upload",
    perMinute,
    key: uploaderId,
    text: texts.uploadRateLimited,
  });
}

/** The user as a chat viewer, or null when their role has no access to the chat. */
export function toViewer(user: User): Viewer | null {
  return isChatRole(user.role)
    ? { id: user.id, email: user.email, name: user.name, role: user.role }
    : null;
}
