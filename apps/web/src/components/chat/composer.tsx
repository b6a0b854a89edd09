"use client";

import { Button } from "@atiende/ui";
import type { KeyboardEvent } from "react";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslations } from "use-intl";

import { Form, SubmitButton } from "~/components/forms/form";
import { AttachButton } from "./attach-button";
import { keepDraft, readDraft } from "./drafts";
import { FileSize, useFileSize } from "./file-size";
import type { Attachment, AttachmentLimits } from "./upload-file";
import { useAttachmentUpload } from "./use-attachment-upload";


/** A text the composer offers while the draft starts with `/` (saved replies). */
export interface Suggestion {
  key: string;
  label: string;
  text: string;
}

export interface ComposerProps {
  conversationId: string;
  maxLength: number;
  attachments?: AttachmentLimits;
  onSend: (content: string, attachment?: Attachment) => void;
  onTyping: (isTyping: boolean) => void;
  label?: string;
  placeholder?: string;
  /** Changing it moves the focus to the text box (keyboard shortcuts). */
  focusKey?: number;
  /** What to offer for the word after `/`. */
  suggest?: (query: string) => Suggestion[];
}

/**
 * Multi-line composer: Enter sends, Shift+Enter breaks the line. The draft is kept in the browser
 * per conversation, so nothing typed is lost to a reload. A picked file is uploaded at once and
 * goes with the next send, with or without text.
 */
export function Composer(props: ComposerProps) {
  const t = useTranslations("chat");
  const id = useId();
  const [draft, setDraft] = useState("");
  const [highlighted, setHighlighted] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const fileSize = useFileSize();
  const upload = useAttachmentUpload(props.attachments);
  const { state } = upload;

  useEffect(() => {
    setDraft(readDraft(props.conversationId));
  }, [props.conversationId]);

  useEffect(() => {
    if (props.focusKey) box.current?.focus();
  }, [props.focusKey]);

  const slash = /^\/(\S*)$/.exec(draft);
  const suggestions = slash && props.suggest ? props.suggest(slash[1] ?? "").slice(0, 6) : [];
  const choice = suggestions[Math.min(highlighted, suggestions.length - 1)];

  const update = (value: string) => {
    setDraft(value);
    keepDraft(props.conversationId, value);
  };

  const length = [...draft].length;
  const blank = !draft.trim();
  const tooLong = length > props.maxLength;
  const attachment = state.status === "ready" ? state.attachment : undefined;
  const cannotSend = (blank && !attachment) || tooLong || state.status === "uploading";

  const submit = () => {
    if (cannotSend) return;
    props.onSend(draft, attachment);
    props.onTyping(false);
    update("");
    upload.clear();
    // Sent with the button, which is disabled now that the box is empty: the focus goes on to the
    // box for the next message instead of being dropped.
    box.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (choice && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : suggestions.length - 1;
      setHighlighted((current) => (current + step) % suggestions.length);
      return;
    }
    if (choice && (event.key === "Enter" || event.key === "Tab") && !event.shiftKey) {
      event.preventDefault();
      update(choice.text);
      setHighlighted(0);
      return;
    }
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <Form
      className="flex items-end gap-2 border-t border-slate-200 bg-white p-3"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <AttachButton
        accept={props.attachments?.mimeTypes.join(",")}
        disabled={state.status === "uploading"}
        onFile={upload.start}
      />
      <div className="relative min-w-0 flex-1">
        <div aria-live="polite" className="text-xs">
          {state.status === "uploading" && (
            <p className="mb-1 flex items-center gap-2 text-slate-700">
              <progress
                max={100}
                value={state.progress}
                aria-hidden
                className="h-1.5 w-20 shrink-0"
              />
              <span className="truncate">
                {t("uploading", { name: state.name, progress: state.progress })}
              </span>
            </p>
          )}
          {state.status === "ready" && (
            <p className="mb-1 flex items-center gap-2 rounded-md bg-slate-100 px-2 py-1 text-slate-900">
              <span className="min-w-0 truncate">{state.attachment.name}</span>
              <span className="shrink-0 text-slate-600">
                <FileSize bytes={state.attachment.sizeBytes} />
              </span>
              <Button
                size="sm"
                variant="ghost"
                className="ml-auto h-6 shrink-0 px-2"
                aria-label={t("removeAttachment", { name: state.attachment.name })}
                onClick={upload.clear}
              >
                ×
              </Button>
            </p>
          )}
        </div>
        {state.status === "failed" && (
          <p role="alert" className="mb-1 text-xs text-red-700">
            {t(`uploadFailed.${state.reason}`, { max: fileSize(props.attachments?.maxBytes ?? 0) })}
          </p>
        )}
        {suggestions.length > 0 && (
          <ul id={`${id}-suggestions`} role="listbox" aria-label={props.label} className="absolute bottom-full mb-1 max-h-56 w-full overflow-y-auto rounded-md border border-slate-200 bg-white p-1 shadow-lg">
            {suggestions.map((suggestion) => (
              <li
                key={suggestion.key}
                id={`${id}-${suggestion.key}`}
                role="option"
                aria-selected={suggestion === choice}
                onMouseDown={(event) => {
                  event.preventDefault();
                  update(suggestion.text);
                }}
                className={`cursor-pointer rounded px-2 py-1 text-sm ${suggestion === choice ? "bg-indigo-50" : ""}`}
              >
                <span className="font-mono font-semibold">/{suggestion.label}</span>{" "}
                <span className="text-slate-600">{suggestion.text.slice(0, 80)}</span>
              </li>
            ))}
          </ul>
        )}
        <label htmlFor={id} className="sr-only">
          {props.label ?? t("composerLabel")}
        </label>
        <textarea
          id={id}
          ref={box}
          {...(props.suggest && {
            role: "combobox",
            "aria-autocomplete": "list" as const,
            "aria-expanded": suggestions.length > 0,
            "aria-controls": suggestions.length > 0 ? `${id}-suggestions` : undefined,
            "aria-activedescendant": choice ? `${id}-${choice.key}` : undefined,
          })}
          value={draft}
          rows={2}
          placeholder={props.placeholder ?? t("composerPlaceholder")}
          onChange={(event) => {
            update(event.target.value);
            props.onTyping(event.target.value.length > 0);
          }}
          onBlur={() => props.onTyping(false)}
          onKeyDown={onKeyDown}
          className="w-full resize-none rounded-md border border-slate-300 px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-indigo-600"
          aria-describedby={length > props.maxLength * 0.8 ? `${id}-counter` : undefined}
        />
        {length > props.maxLength * 0.8 && (
          <p
            id={`${id}-counter`}
            className={tooLong ? "text-xs text-red-700" : "text-xs text-slate-600"}
          >
            {t("charactersLeft", { count: props.maxLength - length })}
          </p>
        )}
      </div>
      <SubmitButton disabled={cannotSend}>
        {t("send")}
      </SubmitButton>
    </Form>
  );
}
