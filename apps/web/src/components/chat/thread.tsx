"use client";

import { Button } from "@atiende/ui";
import { useEffect, useRef } from "react";
import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";
import { Composer } from "./composer";
import { MessageBubble } from "./message-bubble";
import type { AttachmentLimits } from "./upload-file";
import { useLiveConversation } from "./use-live-conversation";

/** One conversation, live: history, new messages, typing, read receipts and the composer. */
export function Thread(props: {
  conversationId: string;
  viewerId: string;
  maxLength: number;
  attachments?: AttachmentLimits;
}) {
  const t = useTranslations("chat");
  const chat = useLiveConversation(props.conversationId, props.viewerId);
  const markRead = api.conversation.markRead.useMutation();
  const typing = api.live.typing.useMutation();
  const lastTypingSent = useRef(0);
  const bottom = useRef<HTMLLIElement>(null);

  const lastMessage = chat.messages.at(-1);
  // Read when shown: the newest message from the other side marks the conversation read (only
  // when a new message arrives, hence the one dependency).
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
    if (lastMessage && lastMessage.senderUserId !== props.viewerId && document.visibilityState === "visible") {
      markRead.mutate({ id: props.conversationId, lastReadMessageId: lastMessage.id });
    }
  }, [lastMessage?.id]);

  // The newest of my messages that someone from support has read up to.
  const staffReadAt = Math.max(
    0,
    ...chat.readers
      .filter((reader) => reader.userId !== props.viewerId && reader.lastReadMessageAt)
      .map((reader) => reader.lastReadMessageAt?.getTime() ?? 0),
  );
  const lastOwn = [...chat.messages].reverse().find((m) => m.senderUserId === props.viewerId);

  const onTyping = (isTyping: boolean) => {
    const now = Date.now();
    if (isTyping && now - lastTypingSent.current < 3000) return;
    lastTypingSent.current = isTyping ? now : 0;
    typing.mutate({ conversationId: props.conversationId, isTyping });
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ol tabIndex={0} aria-label={t("messagesLabel")} aria-live="polite" className="flex-1 space-y-3 overflow-y-auto bg-slate-50 p-4">
        {chat.hasOlder && (
          <li className="text-center">
            <Button variant="ghost" size="sm" onClick={() => void chat.loadOlder()}>
              {t("loadOlder")}
            </Button>
          </li>
        )}
        {chat.status === "pending" && <li className="text-center text-sm text-slate-600">{t("loadingMessages")}</li>}
        {chat.status === "error" && (
          <li role="alert" className="text-center text-sm text-red-700">
            {t("messagesError")}
          </li>
        )}
        {chat.messages.map((message) => (
          <MessageBubble
            key={message.id}
            message={message}
            own={message.senderUserId === props.viewerId}
            seen={message.id === lastOwn?.id && staffReadAt >= message.createdAt.getTime()}
          />
        ))}
        {chat.pending.map((message) => (
          <li key={message.clientMessageId} className="flex flex-col items-end gap-1">
            <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-indigo-400 px-4 py-2 text-sm whitespace-pre-wrap break-words text-white">
              {message.content}
              {message.attachment && <p className="mt-1 underline">{message.attachment.name}</p>}
            </div>
            {message.state === "sending" ? (
              <p className="text-xs text-slate-600">{t("sending")}</p>
            ) : (
              <p role="alert" className="flex items-center gap-2 text-xs text-red-700">
                {t("sendFailed")}
                <Button size="sm" variant="secondary" onClick={() => chat.sendMessage(message.content, message.clientMessageId, message.attachment)}>
                  {t("retry")}
                </Button>
              </p>
            )}
          </li>
        ))}
        <li ref={bottom} aria-hidden className="h-px" />
      </ol>
      <p className="min-h-5 px-4 text-xs text-slate-600" aria-live="polite">
        {chat.typing ? t("typing", { name: chat.typing.name }) : ""}
      </p>
      <Composer
        conversationId={props.conversationId}
        maxLength={props.maxLength}
        attachments={props.attachments}
        onSend={(content, attachment) => chat.sendMessage(content, undefined, attachment)}
        onTyping={onTyping}
      />
    </div>
  );
}
