"use client";

import { Button } from "@atiende/ui";
import { useRef } from "react";
import { useTranslations } from "use-intl";

import { PaperclipIcon } from "./attachment-view";

/** The composer's paperclip: a real button (keyboard and screen readers) opening the file picker. */
export function AttachButton(props: {
  accept?: string;
  disabled?: boolean;
  onFile: (file: File) => void;
}) {
  const t = useTranslations("chat");
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button
        variant="ghost"
        className="size-10 shrink-0 p-0"
        aria-label={t("attach")}
        title={t("attach")}
        disabled={props.disabled}
        onClick={() => input.current?.click()}
      >
        <PaperclipIcon className="size-5" />
      </Button>
      <input
        ref={input}
        type="file"
        hidden
        tabIndex={-1}
        accept={props.accept}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that picking the same file again (after an error) fires again.
          event.target.value = "";
          if (file) props.onFile(file);
        }}
      />
    </>
  );
}
