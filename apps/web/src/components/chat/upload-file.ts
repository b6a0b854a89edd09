import type { RouterInputs } from "@atiende/api";
import type { ChatLimits } from "@atiende/api/contract";

import { bearerHeaders } from "~/trpc/bearer";

/** A message's attachment, as `message.send` takes it and `POST /api/uploads` returns it. */
export type Attachment = NonNullable<RouterInputs["message"]["send"]["attachment"]>;

/** The deployment's attachment limits, for the file picker and a check before uploading. */
export type AttachmentLimits = ChatLimits["attachments"];

export type UploadFailure = "tooLarge" | "type" | "rateLimited" | "unauthorized" | "other";

export class UploadFailed extends Error {
  constructor(readonly reason: UploadFailure) {
    super(reason);
  }
}

const failureOf = (status: number): UploadFailure =>
  status === 413
    ? "tooLarge"
    : status === 415
      ? "type"
      : status === 429
        ? "rateLimited"
        : status === 401
          ? "unauthorized"
          : "other";

/**
 * Uploads one file to `/api/uploads` with the session cookie (or the page's bearer token). XMLHttpRequest rather than fetch,
 * because only it reports upload progress. Aborting rejects with an AbortError.
 */
export function uploadFile(
  file: File,
  onProgress: (percent: number) => void,
  signal: AbortSignal,
): Promise<Attachment> {
  return bearerHeaders().then((headers) => send(file, headers, onProgress, signal));
}

function send(
  file: File,
  headers: Record<string, string>,
  onProgress: (percent: number) => void,
  signal: AbortSignal,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/uploads");
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status === 201) resolve(xhr.response as Attachment);
      else reject(new UploadFailed(failureOf(xhr.status)));
    };
    xhr.onerror = () => reject(new UploadFailed("other"));
    xhr.onabort = () => reject(new DOMException("Upload aborted", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}

/** What the server would refuse anyway, told before the bytes travel. */
export function precheck(file: File, limits: AttachmentLimits | undefined): UploadFailure | null {
  if (!limits) return null;
  if (file.size > limits.maxBytes) return "tooLarge";
  if (!limits.mimeTypes.includes(file.type.toLowerCase())) return "type";
  return null;
}
