import { fileTypeFromBuffer } from "file-type";

import type { ApiConfig } from "../config";
import { texts } from "../domain/errors";
import type { UploadMeta, UploadStorage } from "./storage";
import { newUploadKey } from "./storage";

type Limits = Pick<ApiConfig["limits"], "attachmentMimeTypes" | "attachmentMaxBytes">;

/** A refused upload, with the HTTP status and the Spanish message the uploader is shown. */
export class UploadError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 415 | 429,
    message: string,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

export interface UploadInput {
  bytes: Uint8Array;
  /** The type the client declared (the multipart part's `Content-Type`). */
  declaredType: string;
  name: string;
}

// Legacy Office files are all Compound File Binary containers; the sniffer cannot tell them apart.
const CFB = "application/x-cfb";
const LEGACY_OFFICE = new Set([
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.ms-powerpoint",
]);

const isPlainText = (bytes: Uint8Array) => {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** Whether the bytes really are of the declared type, by their content and not their name. */
async function contentMatches(declared: string, bytes: Uint8Array): Promise<boolean> {
  const sniffed = (await fileTypeFromBuffer(bytes))?.mime;
  // Plain text has no signature: it must have none of another type and decode as UTF-8.
  if (declared === "text/plain") return sniffed === undefined && isPlainText(bytes);
  if (LEGACY_OFFICE.has(declared)) return sniffed === declared || sniffed === CFB;
  return sniffed === declared;
}

// Bidirectional overrides and other invisible controls can disguise an extension
// ("cv\u202Efdp.exe" displays as "cvexe.pdf").
const UNSAFE_NAME_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** The original name as a label: no folders, no control or direction characters, at most 255 characters. */
export function sanitizeFileName(raw: string): string {
  const base = raw.normalize("NFC").split(/[/\\]/).pop() ?? "";
  const clean = base.replace(UNSAFE_NAME_CHARS, "").replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  const chars = [...clean];
  if (chars.length <= 255) return clean || "archivo";
  const dot = clean.lastIndexOf(".");
  const extension = dot > 0 ? [...clean.slice(dot)].slice(0, 16).join("") : "";
  return chars.slice(0, 255 - [...extension].length).join("") + extension;
}

/**
 * The chat's own attachment limits, applied to real bytes: not empty, within the size limit, of an
 * allowed declared type, and with content that really is of that type.
 */
export async function checkUpload(
  limits: Limits,
  input: UploadInput,
): Promise<Omit<UploadMeta, "uploaderId" | "createdAt">> {
  const mimeType = input.declaredType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (input.bytes.byteLength === 0) throw new UploadError(400, texts.uploadEmpty);
  if (input.bytes.byteLength > limits.attachmentMaxBytes) {
    throw new UploadError(413, texts.attachmentSize(limits.attachmentMaxBytes));
  }
  if (!limits.attachmentMimeTypes.includes(mimeType)) {
    throw new UploadError(415, texts.attachmentMime(mimeType || "desconocido"));
  }
  if (!(await contentMatches(mimeType, input.bytes)))
    throw new UploadError(415, texts.uploadMismatch(mimeType));
  return { name: sanitizeFileName(input.name), mimeType, sizeBytes: input.bytes.byteLength };
}

/** Checks an upload and keeps it under a new random key. */
export async function storeUpload(
  storage: UploadStorage,
  limits: Limits,
  uploaderId: string,
  input: UploadInput,
): Promise<{ key: string; meta: UploadMeta }> {
  const checked = await checkUpload(limits, input);
  const meta: UploadMeta = { ...checked, uploaderId, createdAt: new Date().toISOString() };
  const key = newUploadKey();
  await storage.put(key, input.bytes, meta);
  return { key, meta };
}
