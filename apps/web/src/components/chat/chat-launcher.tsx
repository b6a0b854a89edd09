"use client";

import { Button } from "@atiende/ui";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";
import { Thread } from "./thread";
import type { AttachmentLimits } from "./upload-file";
import { useOpenConversation } from "./use-open-conversation";

/**
 * The floating chat button on candidate pages. Opening it finds the candidate's open conversation,
 * or starts one, and shows it in a panel over the page; closing keeps the draft.
 */
export function ChatLauncher(props: { viewerId: string; maxLength: number; attachments?: AttachmentLimits }) {
  const t = useTranslations("launcher");
  const utils = api.useUtils();
  const [open, setOpen] = useState(false);
  const { conversationId, failed, open: openConversation } = useOpenConversation();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const list = api.conversation.list.useQuery({ limit: 50 });
  const unread = (list.data?.items ?? []).reduce((sum, c) => sum + c.unreadCount, 0);
  // Candidates see only who attends them: the assignee's name.
  const assignee = list.data?.items.find((c) => c.id === conversationId)?.assignee ?? null;

  // New messages anywhere in the candidate's conversations refresh the badge.
  api.live.inbox.useSubscription(undefined, { onData: () => void utils.conversation.list.invalidate() });

  const openPanel = async () => {
    setOpen(true);
    await openConversation();
  };

  const closePanel = () => {
    setOpen(false);
    button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && closePanel();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  // Focus moves into the panel when it opens (to the composer once the conversation is there).
  useEffect(() => {
    if (!open) return;
    const target = panel.current?.querySelector("textarea") ?? panel.current?.querySelector("button");
    target?.focus();
  }, [open, conversationId]);

  return (
    <>
      {open && (
        <div
          ref={panel}
          role="dialog"
          aria-modal="false"
          aria-label={t("title")}
          className="fixed inset-x-2 bottom-20 z-30 flex h-[70dvh] flex-col overflow-hidden rounded-xl border border-slate-200 bg-white shadow-2xl sm:inset-x-auto sm:right-4 sm:w-96"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2">
            <div>
              <h2 className="font-semibold">{t("title")}</h2>
              {assignee && <p className="text-xs text-slate-600">{t("attendedBy", { name: assignee.name })}</p>}
            </div>
            <div className="flex items-center gap-1">
              {/* A plain link: /chat-soporte is not a Next page (plain-pages/). */}
              <a href="/chat-soporte" className="rounded px-2 py-1 text-xs text-indigo-700 underline">
                {t("fullPage")}
              </a>
              <Button variant="ghost" size="sm" onClick={closePanel} aria-label={t("close")}>
                ✕
              </Button>
            </div>
          </div>
          {failed ? (
            <p role="alert" className="m-auto p-4 text-sm text-red-700">
              {t("error")}
            </p>
          ) : conversationId ? (
            <Thread conversationId={conversationId} viewerId={props.viewerId} maxLength={props.maxLength} attachments={props.attachments} />
          ) : (
            <p role="status" className="m-auto p-4 text-sm text-slate-600">
              {t("opening")}
            </p>
          )}
        </div>
      )}
      <button
        ref={button}
        type="button"
        onClick={() => (open ? closePanel() : void openPanel())}
        aria-expanded={open}
        className="fixed right-4 bottom-4 z-30 flex h-14 w-14 items-center justify-center rounded-full bg-indigo-700 text-2xl text-white shadow-lg hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        <span className="sr-only">{unread > 0 ? t("openWithUnread", { count: unread }) : t("open")}</span>
        <svg aria-hidden viewBox="0 0 24 24" className="h-7 w-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1.1-4.4A8 8 0 1 1 21 12z" />
        </svg>
        {unread > 0 && (
          <span aria-hidden className="absolute -top-1 -right-1 min-w-6 rounded-full bg-red-600 px-1.5 text-center text-xs leading-6 font-bold">
            {unread}
          </span>
        )}
      </button>
    </>
  );
}
