"use client";

import { cn } from "@atiende/ui";
import { useEffect, useReducer, useRef, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";

import { AttachmentView } from "./attachment-view";
import { MessageEdit } from "./message-edit";
import { MessageText } from "./message-text";
import type { ChatMessage } from "./use-live-conversation";

/**
 * One message. Text is rendered as text: nothing from a message ever reaches the DOM as HTML.
 * With `editWindowSeconds`, the viewer's own message offers "Editar" until that window has passed.
 */
export function MessageBubble(props: {
  message: ChatMessage;
  viewerId: string;
  own: boolean;
  seen: boolean;
  editWindowSeconds?: number;
}) {
  const t = useTranslations("chat");
  const format = useFormatter();
  const { message, own, editWindowSeconds } = props;
  const note = message.messageType === "note";
  const automatic = message.messageType === "auto_reply";
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const editableForMs =
    editWindowSeconds === undefined ? 0 : message.createdAt.getTime() + editWindowSeconds * 1000 - Date.now();
  const editable =
    editableForMs > 0 &&
    message.senderUserId === props.viewerId &&
    message.messageType !== "system" &&
    message.content.length > 0;
  // When the window closes, render again so "Editar" goes away rather than offer a refused edit.
  const [, windowClosed] = useReducer((count: number) => count + 1, 0);
  useEffect(() => {
    if (!editable) return;
    const timer = setTimeout(windowClosed, editableForMs);
    return () => clearTimeout(timer);
    // Only whether it is editable matters here: the remaining time is read when that changes.
  }, [editable]);
  // Once the editor closes (saved or cancelled), focus goes back to "Editar", not to the page.
  const wasEditing = useRef(false);
  useEffect(() => {
    if (editing) wasEditing.current = true;
    else if (wasEditing.current) {
      wasEditing.current = false;
      editButton.current?.focus();
    }
  }, [editing]);
  return (
    <li data-message-id={message.id} className={cn("flex flex-col gap-1", own ? "items-end" : "items-start")}>
      {editing && editWindowSeconds !== undefined ? (
        <div className="w-full max-w-[85%]">
          <MessageEdit id={message.id} content={message.content} editWindowSeconds={editWindowSeconds} onDone={() => setEditing(false)} />
        </div>
      ) : (
        <div
          className={cn(
            "max-w-[85%] rounded-2xl px-4 py-2 text-sm whitespace-pre-wrap break-words shadow-sm",
            note
              ? "rounded-br-sm bg-amber-50 text-slate-900 ring-1 ring-amber-300"
              : automatic
                ? "bg-slate-100 text-slate-900 ring-1 ring-slate-300"
                : own
                ? "rounded-br-sm bg-indigo-700 text-white"
                : "rounded-bl-sm bg-white text-slate-900 ring-1 ring-slate-200",
          )}
        >
          <p className={cn("mb-0.5 text-xs font-semibold", own && !note && !automatic ? "text-indigo-100" : "text-slate-700")}>
            {automatic ? t("autoReply") : message.senderUserId === props.viewerId ? t("you") : message.sender.name}
            {note && ` · ${t("internalNote")}`}
          </p>
          <MessageText
            text={message.content}
            linkClassName={cn("underline break-all", own && !automatic ? "text-white" : "text-indigo-700")}
          />
          {message.attachmentUrl && (
            <AttachmentView
              url={message.attachmentUrl}
              name={message.attachmentName ?? message.attachmentUrl}
              mimeType={message.attachmentMimeType}
              sizeBytes={message.attachmentSizeBytes}
              own={own}
            />
          )}
        </div>
      )}
      <p className="text-xs text-slate-600">
        <time dateTime={message.createdAt.toISOString()}>
          {format.dateTime(message.createdAt, { hour: "2-digit", minute: "2-digit" })}
        </time>
        {message.editedAt && ` · ${t("edited")}`}
        {own && props.seen && ` · ${t("seen")}`}
        {editable && !editing && (
          <>
            {" · "}
            <button
              ref={editButton}
              type="button"
              aria-label={t("editLabel")}
              onClick={() => setEditing(true)}
              className="rounded px-1 font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              {t("editAction")}
            </button>
          </>
        )}
      </p>
    </li>
  );
}
