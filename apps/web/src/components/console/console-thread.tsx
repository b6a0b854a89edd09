"use client";

import { cn } from "@atiende/ui";
import { useRef, useState } from "react";
import { useTranslations } from "use-intl";

import { Thread } from "~/components/chat/thread";
import type { AttachmentLimits } from "~/components/chat/upload-file";
import { api } from "~/trpc/react";
import { SavedRepliesDialog } from "./saved-replies-dialog";

/** The agent's view of one conversation: replies or internal notes, with saved replies on `/`. */
export function ConsoleThread(props: {
  conversationId: string;
  viewerId: string;
  maxLength: number;
  attachments: AttachmentLimits;
  editWindowSeconds: number;
  composerMode: { mode: "reply" | "note"; focus: number };
}) {
  const t = useTranslations("console.thread");
  const [mode, setMode] = useState(props.composerMode.mode);
  const [lastShortcut, setLastShortcut] = useState(props.composerMode.focus);
  // A keyboard shortcut (r / n) picks the mode; the radio buttons change it too.
  if (props.composerMode.focus !== lastShortcut) {
    setLastShortcut(props.composerMode.focus);
    setMode(props.composerMode.mode);
  }
  const savedReplies = api.savedReply.list.useQuery(undefined, { staleTime: 30_000 });
  const manageRef = useRef<HTMLDialogElement>(null);
  const note = mode === "note";

  const suggest = (query: string) =>
    (savedReplies.data ?? [])
      .filter((reply) => reply.shortcut.toLowerCase().startsWith(query.toLowerCase()))
      .map((reply) => ({ key: reply.id, label: reply.shortcut, text: reply.content }));

  return (
    <div className={cn("flex min-h-0 flex-1 flex-col", note && "bg-amber-50")}>
      <Thread
        conversationId={props.conversationId}
        viewerId={props.viewerId}
        maxLength={props.maxLength}
        attachments={props.attachments}
        editWindowSeconds={props.editWindowSeconds}
        side="staff"
        internal={note}
        composer={{
          label: note ? t("noteLabel") : t("replyLabel"),
          placeholder: note ? t("notePlaceholder") : t("replyPlaceholder"),
          focusKey: props.composerMode.focus,
          suggest,
        }}
      />
      <div className="flex items-center gap-3 border-t border-slate-200 bg-white px-3 py-1.5 text-sm">
        <fieldset className="flex gap-3">
          <legend className="sr-only">{t("mode")}</legend>
          {(["reply", "note"] as const).map((value) => (
            <label key={value} className="flex items-center gap-1">
              <input type="radio" name={`mode-${props.conversationId}`} checked={mode === value} onChange={() => setMode(value)} />
              {value === "reply" ? t("reply") : t("note")}
            </label>
          ))}
        </fieldset>
        {note && <span className="text-xs text-amber-900">{t("noteHint")}</span>}
        <button type="button" className="ml-auto text-xs text-indigo-700 underline" onClick={() => manageRef.current?.showModal()}>
          {t("manageSavedReplies")}
        </button>
      </div>
      <SavedRepliesDialog dialogRef={manageRef} replies={savedReplies.data ?? []} />
    </div>
  );
}
