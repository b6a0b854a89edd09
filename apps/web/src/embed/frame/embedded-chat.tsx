import { Button } from "@atiende/ui";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";

import { ClosedBanner } from "~/components/chat/closed-banner";
import { ConversationList } from "~/components/chat/conversation-list";
import { RatingForm } from "~/components/chat/rating-form";
import { ReconnectingBanner } from "~/components/chat/reconnecting-banner";
import { Thread } from "~/components/chat/thread";
import type { AttachmentLimits } from "~/components/chat/upload-file";
import { useOpenConversation } from "~/components/chat/use-open-conversation";
import { useRememberLocale } from "~/components/notifications/use-remember-locale";
import { api } from "~/trpc/react";
import type { HostConfig, HostLink } from "./host-link";

/**
 * The candidate's chat inside a host site's page: the widget's flow (the open conversation, or a
 * new one about the page they are on, ready to type) with the same thread, composer, attachments,
 * rating and history as /chat-soporte. The loader's button shows what `unread` counts.
 */
export function EmbeddedChat(props: {
  host: HostLink;
  hostConfig: HostConfig;
  viewerId: string;
  maxLength: number;
  attachments: AttachmentLimits;
  editWindowSeconds: number;
}) {
  const t = useTranslations("embed");
  const tl = useTranslations("launcher");
  const utils = api.useUtils();
  const [visible, setVisible] = useState(false);
  const [showList, setShowList] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const { conversationId, setConversationId, failed, open, startNew, starting } = useOpenConversation();
  const list = api.conversation.list.useQuery({ limit: 50 });
  const conversations = list.data?.items ?? [];
  const current = conversations.find((c) => c.id === conversationId);
  const unread = conversations.reduce((sum, c) => sum + c.unreadCount, 0);
  const start = { subject: props.hostConfig.pageTitle || undefined, context: props.hostConfig.context };
  useRememberLocale(props.viewerId);

  // New messages in any of the candidate's conversations move the host page's badge.
  api.live.inbox.useSubscription(undefined, { onData: () => void utils.conversation.list.invalidate() });
  useEffect(() => props.host.post({ type: "unread", count: unread }), [props.host, unread]);
  useEffect(() => props.host.onVisibility(setVisible), [props.host]);

  // Shown for the first time: the open conversation, or a new one.
  useEffect(() => {
    if (visible && !conversationId && !starting) void open(start);
  }, [visible, conversationId]);

  // Shown: the caret goes to the composer (or the first control), so typing can start at once.
  useEffect(() => {
    if (!visible) return;
    const target = root.current?.querySelector("textarea") ?? root.current?.querySelector("button");
    target?.focus();
  }, [visible, conversationId, showList]);

  // Escape anywhere in the chat closes it, as it does on the host page.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") props.host.post({ type: "close" });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [props.host]);

  return (
    <div ref={root} className="flex h-dvh flex-col bg-white">
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2">
        <div className="min-w-0">
          <h1 className="truncate font-semibold">{showList ? t("conversations") : (current?.subject ?? tl("title"))}</h1>
          {!showList && current?.assignee && (
            <p className="text-xs text-slate-600">{tl("attendedBy", { name: current.assignee.name })}</p>
          )}
        </div>
        <div className="flex shrink-0 items-center gap-1">
          <Button variant="ghost" size="sm" onClick={() => setShowList(!showList)} aria-pressed={showList}>
            {showList ? t("backToChat") : t("conversations")}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => props.host.post({ type: "close" })} aria-label={tl("close")}>
            ✕
          </Button>
        </div>
      </header>
      <ReconnectingBanner />
      <ClosedBanner />
      {!visible ? null : showList ? (
        <div className="flex min-h-0 flex-1 flex-col">
          <ConversationList
            conversations={conversations}
            loaded={list.isSuccess}
            currentId={conversationId ?? undefined}
            onSelect={(id) => {
              setConversationId(id);
              setShowList(false);
            }}
          />
          <div className="border-t border-slate-200 p-3">
            <Button
              className="w-full"
              disabled={starting}
              onClick={() => void startNew(start).then(() => setShowList(false))}
            >
              {t("newConversation")}
            </Button>
          </div>
        </div>
      ) : failed ? (
        <p role="alert" className="m-auto p-4 text-sm text-red-700">
          {tl("error")}
        </p>
      ) : conversationId ? (
        <>
          {current?.status === "resolved" && current.resolvedAt && (
            <div className="border-b border-slate-200">
              <RatingForm key={`${current.id}:${current.resolvedAt.getTime()}`} conversationId={current.id} resolvedAt={current.resolvedAt} />
              <p className="px-4 pb-2 text-xs text-slate-600">{t("resolvedPrompt")}</p>
            </div>
          )}
          <Thread
            key={conversationId}
            conversationId={conversationId}
            viewerId={props.viewerId}
            maxLength={props.maxLength}
            attachments={props.attachments}
            editWindowSeconds={props.editWindowSeconds}
          />
          {current && current.status !== "open" && (
            <div className="border-t border-slate-200 p-3">
              <Button className="w-full" disabled={starting} onClick={() => void startNew(start)}>
                {t("newConversation")}
              </Button>
            </div>
          )}
        </>
      ) : (
        <p role="status" className="m-auto p-4 text-sm text-slate-600">
          {tl("opening")}
        </p>
      )}
    </div>
  );
}
