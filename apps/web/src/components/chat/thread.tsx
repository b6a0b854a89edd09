"use client";

import { isStaffRole } from "@atiende/api/contract";
import { Button } from "@atiende/ui";
import { Fragment, useEffect, useRef } from "react";
import { useTimeZone, useTranslations } from "use-intl";

import { api } from "~/trpc/react";
import type { ComposerProps } from "./composer";
import { Composer } from "./composer";
import { DaySeparator, dayKey } from "./day-separator";
import { MessageBubble } from "./message-bubble";
import type { AttachmentLimits } from "./upload-file";
import { useHiddenTabAlerts } from "./use-hidden-tab-alerts";
import type { ChatMessage } from "./use-live-conversation";
import { useLiveConversation } from "./use-live-conversation";
import { useLoadOlderOnScroll } from "./use-load-older-on-scroll";
import { useReadWhenSeen } from "./use-read-when-seen";

/**
 * One conversation, live: history, new messages, typing, read receipts and the composer. `side`
 * says whose view it is: a candidate's own messages are theirs alone, an agent's are the team's.
 */
export function Thread(props: {
  conversationId: string;
  viewerId: string;
  maxLength: number;
  side?: "candidate" | "staff";
  /** Staff only: what the composer sends is an internal note. */
  internal?: boolean;
  composer?: Partial<Pick<ComposerProps, "label" | "placeholder" | "focusKey" | "suggest">>;
  attachments?: AttachmentLimits;
  /** How long one's own messages stay editable; without it nothing offers "Editar". */
  editWindowSeconds?: number;
}) {
  const t = useTranslations("chat");
  const timeZone = useTimeZone();
  const chat = useLiveConversation(props.conversationId, props.viewerId);
  const utils = api.useUtils();
  // Unread counts (the candidate's list, the embedded chat's badge) follow the read marker.
  const markRead = api.conversation.markRead.useMutation({ onSuccess: () => utils.conversation.list.invalidate() });
  const typing = api.live.typing.useMutation();
  const lastTypingSent = useRef(0);
  const list = useRef<HTMLOListElement>(null);
  const bottom = useRef<HTMLLIElement>(null);
  const top = useRef<HTMLLIElement>(null);

  const lastMessage = chat.messages.at(-1);
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [lastMessage?.id]);

  const staffSide = props.side === "staff";
  const isOwn = (message: ChatMessage) =>
    // The automatic answer is the team's, though its sender holds no staff role.
    staffSide ? isStaffRole(message.sender.role) || message.messageType === "auto_reply" : message.senderUserId === props.viewerId;
  // Unread: messages from the other side after my own read marker.
  const myReadAt =
    chat.readers.find((reader) => reader.userId === props.viewerId)?.lastReadMessageAt?.getTime() ?? -Infinity;
  const unread = chat.messages.filter((m) => m.senderUserId !== props.viewerId && m.createdAt.getTime() > myReadAt);
  // Only once the first page has scrolled to the bottom, or the top would load at once.
  useLoadOlderOnScroll(list, top, chat.hasOlder && chat.messages.length > 0, chat.loadOlder);
  useReadWhenSeen(list, unread.at(-1)?.id, (messageId) =>
    markRead.mutate({ id: props.conversationId, lastReadMessageId: messageId }),
  );
  useHiddenTabAlerts({
    messages: chat.messages,
    ready: chat.status === "success",
    viewerId: props.viewerId,
    unread: unread.length,
    notificationTitle: (message) => t("notifications.title", { name: message.sender.name }),
  });

  // How far the other side has read: "Visto" goes under the newest of our messages they reached.
  const otherReadAt = Math.max(
    0,
    ...chat.readers
      .filter((reader) => (staffSide ? !isStaffRole(reader.role) : reader.userId !== props.viewerId))
      .map((reader) => reader.lastReadMessageAt?.getTime() ?? 0),
  );
  const lastOwn = [...chat.messages].reverse().find((m) => isOwn(m) && m.messageType !== "note");

  const onTyping = (isTyping: boolean) => {
    const now = Date.now();
    if (isTyping && now - lastTypingSent.current < 3000) return;
    lastTypingSent.current = isTyping ? now : 0;
    typing.mutate({ conversationId: props.conversationId, isTyping });
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ol ref={list} tabIndex={0} aria-label={t("messagesLabel")} aria-live="polite" className="flex-1 space-y-3 overflow-y-auto bg-slate-50 p-4">
        {chat.hasOlder && (
          <li ref={top} className="text-center">
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
        {chat.messages.map((message, index) => {
          const previous = chat.messages[index - 1];
          const newDay = !previous || dayKey(previous.createdAt, timeZone) !== dayKey(message.createdAt, timeZone);
          return (
            <Fragment key={message.id}>
              {newDay && <DaySeparator date={message.createdAt} />}
              <MessageBubble
                message={message}
                viewerId={props.viewerId}
                own={isOwn(message)}
                seen={message.id === lastOwn?.id && otherReadAt >= message.createdAt.getTime()}
                editWindowSeconds={props.editWindowSeconds}
              />
            </Fragment>
          );
        })}
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
                <Button size="sm" variant="secondary" onClick={() => chat.sendMessage(message.content, { clientMessageId: message.clientMessageId, internal: message.internal, attachment: message.attachment })}>
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
        onSend={(content, attachment) => chat.sendMessage(content, { internal: props.internal, attachment })}
        // A note is not something the candidate should see being typed.
        onTyping={props.internal ? () => undefined : onTyping}
        {...props.composer}
      />
    </div>
  );
}
