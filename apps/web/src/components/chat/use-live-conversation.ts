"use client";

import type { RouterOutputs } from "@atiende/api";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { api } from "~/trpc/react";
import type { Attachment } from "./upload-file";

export type ChatMessage = RouterOutputs["message"]["list"]["items"][number];

/** A message the viewer sent that the server has not acknowledged yet (or refused). */
export interface PendingMessage {
  clientMessageId: string;
  content: string;
  internal?: boolean;
  attachment?: Attachment;
  state: "sending" | "failed";
}

const byTime = (a: ChatMessage, b: ChatMessage) =>
  a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);

/**
 * A conversation's messages: history page by page, merged with live events by id, plus who is
 * typing and how far each participant has read. Sending is optimistic and keyed by clientMessageId,
 * so a retry can never store a message twice.
 */
export function useLiveConversation(conversationId: string, viewerId: string) {
  const utils = api.useUtils();
  const latest = api.message.list.useQuery({ conversationId, limit: 30 });
  const [older, setOlder] = useState<ChatMessage[]>([]);
  const [hasOlder, setHasOlder] = useState<boolean | null>(null);
  const readers = api.conversation.readers.useQuery({ id: conversationId });
  const [live, setLive] = useState<Map<string, ChatMessage>>(new Map());
  const [typing, setTyping] = useState<{ name: string; until: number } | null>(null);
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const lastEventId = useRef<string | undefined>(undefined);
  // A different conversation starts its own event stream (reset during render, before subscribing).
  const streamOf = useRef(conversationId);
  if (streamOf.current !== conversationId) {
    streamOf.current = conversationId;
    lastEventId.current = undefined;
  }

  useEffect(() => {
    setLive(new Map());
    setOlder([]);
    setHasOlder(null);
    setPending([]);
  }, [conversationId]);

  // Live events start where the history read began (then from the last one seen), so an event
  // between the two is never missed, even when the history came from the cache.
  lastEventId.current ??= latest.data ? String(latest.data.lastSeq) : undefined;
  api.live.conversation.useSubscription(
    { conversationId, lastEventId: lastEventId.current },
    {
      enabled: lastEventId.current !== undefined,
      onData: ({ id, data }) => {
        lastEventId.current = id;
        if (data.type === "message.created" || data.type === "message.updated") {
          const { message } = data;
          setLive((current) => new Map(current).set(message.id, message));
          if (message.clientMessageId) {
            setPending((current) => current.filter((p) => p.clientMessageId !== message.clientMessageId));
          }
          if (message.senderUserId !== viewerId) setTyping(null);
        } else if (data.type === "typing" && data.userId !== viewerId) {
          setTyping(data.isTyping ? { name: data.name, until: Date.now() + 6000 } : null);
        } else if (data.type === "read.updated") {
          void utils.conversation.readers.invalidate({ id: conversationId });
        } else if (data.type === "conversation.updated") {
          void utils.conversation.list.invalidate();
        } else if (data.type === "rating.created") {
          void utils.conversation.ratings.invalidate({ id: conversationId });
        }
      },
    },
  );

  // A typing notice that is never cleared (the other side closed its tab) fades by itself.
  useEffect(() => {
    if (!typing) return;
    const timer = setTimeout(() => setTyping(null), typing.until - Date.now());
    return () => clearTimeout(timer);
  }, [typing]);

  const messages = useMemo(() => {
    const all = new Map<string, ChatMessage>();
    for (const message of [...older, ...(latest.data?.items ?? []), ...live.values()]) all.set(message.id, message);
    return [...all.values()].sort(byTime);
  }, [older, latest.data, live]);

  const loadOlder = useCallback(async () => {
    const oldest = messages[0];
    if (!oldest) return;
    const page = await utils.message.list.fetch({ conversationId, before: oldest.id, limit: 30 });
    setOlder((current) => [...page.items, ...current]);
    setHasOlder(page.hasMore);
  }, [conversationId, messages, utils]);

  const send = api.message.send.useMutation();
  const sendMessage = useCallback(
    (content: string, options: { clientMessageId?: string; internal?: boolean; attachment?: Attachment } = {}) => {
      const { clientMessageId = crypto.randomUUID(), internal, attachment } = options;
      setPending((current) => [
        ...current.filter((p) => p.clientMessageId !== clientMessageId),
        { clientMessageId, content, internal, attachment, state: "sending" },
      ]);
      send.mutate(
        {
          conversationId,
          content: attachment && !content.trim() ? undefined : content,
          attachment,
          clientMessageId,
          internal,
        },
        {
          onSuccess: (message) => {
            setLive((current) => new Map(current).set(message.id, message));
            setPending((current) => current.filter((p) => p.clientMessageId !== clientMessageId));
          },
          onError: () =>
            setPending((current) =>
              current.map((p) => (p.clientMessageId === clientMessageId ? { ...p, state: "failed" } : p)),
            ),
        },
      );
    },
    [conversationId, send],
  );

  // Pending messages the server already stored (seen live) are not shown twice.
  const stored = new Set(messages.map((m) => m.clientMessageId));
  return {
    messages,
    pending: pending.filter((p) => !stored.has(p.clientMessageId)),
    readers: readers.data ?? [],
    typing,
    status: latest.status,
    hasOlder: hasOlder ?? latest.data?.hasMore ?? false,
    loadOlder,
    sendMessage,
  };
}
