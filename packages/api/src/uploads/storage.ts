import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";

/** What is kept beside an uploaded file: enough to serve it safely and to decide who may read it. */
export interface UploadMeta {
  /** The original file name, sanitized; shown to people, never used as a path. */
  name: string;
  /** The type the content was sniffed as (and the uploader declared). */
  mimeType: string;
  sizeBytes: number;
  uploaderId: string;
  createdAt: string;
}

/** Where uploaded files live. Keys come from `newUploadKey` only. */
export interface UploadStorage {
  readonly kind: "local" | "s3";
  put: (key: string, bytes: Uint8Array, meta: UploadMeta) => Promise<void>;
  /** The file's metadata, or null when there is no such file. */
  head: (key: string) => Promise<UploadMeta | null>;
  /** The file's bytes, for storage the app serves itself; null when there is no such file. */
  get: (key: string) => Promise<{ meta: UploadMeta; body: Readable } | null>;
  /**
   * A short-lived URL the browser can fetch the file from directly (S3's presigned GET), or null
   * when the app serves the bytes itself.
   */
  url: (key: string, meta: UploadMeta) => Promise<string | null>;
}

// 128 random bits in hex: unguessable, safe as a file name and an S3 key, and free of the
// characters LIKE treats as wildcards.
const KEY_PATTERN = /^[0-9a-f]{32}$/;

export const newUploadKey = () => randomBytes(16).toString("hex");

export const isUploadKey = (key: string) => KEY_PATTERN.test(key);

/** Images are shown inline; everything else is only ever downloaded. */
export const isInlineType = (mimeType: string) => mimeType.startsWith("image/");

/** A `Content-Disposition` value that survives any file name (RFC 6266 with an ASCII fallback). */
export function contentDisposition(meta: Pick<UploadMeta, "name" | "mimeType">): string {
  const type = isInlineType(meta.mimeType) ? "inline" : "attachment";
  const ascii = meta.name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(meta.name)}`;
}
