"use client";

import { cn } from "@atiende/ui";
import { useTranslations } from "use-intl";

import { FileSize } from "./file-size";
import { useUploadUrl } from "./use-upload-url";

interface AttachmentProps {
  url: string;
  name: string;
  mimeType: string | null;
  sizeBytes: number | null;
  own: boolean;
}

// Only the app's own uploads are shown as pictures: a picture from anywhere else would tell that
// site who opened the conversation, and when.
const isOwnOrigin = (url: string) => {
  try {
    return typeof window !== "undefined" && new URL(url).origin === window.location.origin;
  } catch {
    return false;
  }
};

/** A message's attachment: a thumbnail for an image, otherwise a chip with the name and size. */
export function AttachmentView(props: AttachmentProps) {
  const t = useTranslations("chat");
  const image = Boolean(props.mimeType?.startsWith("image/")) && isOwnOrigin(props.url);
  const readable = useUploadUrl(props.url);
  const local = readable?.startsWith("blob:") ?? false;
  return (
    <a
      href={readable ?? props.url}
      // A local copy keeps the file's name when saved.
      download={local ? props.name : undefined}
      target="_blank"
      rel="noopener noreferrer"
      className={cn(
        "mt-1 block rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2",
        props.own ? "focus-visible:outline-white" : "focus-visible:outline-indigo-600",
      )}
    >
      {image ? (
        <img
          src={readable}
          alt={t("attachmentImage", { name: props.name })}
          loading="lazy"
          referrerPolicy="no-referrer"
          className="max-h-48 max-w-full rounded-md bg-slate-100 object-contain"
        />
      ) : (
        <span
          className={cn(
            "flex max-w-full items-center gap-2 rounded-md px-3 py-2 whitespace-normal",
            props.own ? "bg-indigo-800 text-white" : "bg-slate-100 text-slate-900",
          )}
        >
          <PaperclipIcon className="size-4 shrink-0" />
          <span className="min-w-0 break-all underline">{props.name}</span>
          {props.sizeBytes !== null && (
            <span
              className={cn("shrink-0 text-xs", props.own ? "text-indigo-100" : "text-slate-600")}
            >
              <FileSize bytes={props.sizeBytes} />
            </span>
          )}
        </span>
      )}
      <span className="sr-only"> {t("newTab")}</span>
    </a>
  );
}

export function PaperclipIcon(props: { className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      className={props.className}
    >
      <path d="m21.44 11.05-9.19 9.19a6 6 0 0 1-8.49-8.49l8.57-8.57A4 4 0 1 1 18 8.84l-8.59 8.57a2 2 0 0 1-2.83-2.83l8.49-8.48" />
    </svg>
  );
}
