"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";

import type { ChatMessage } from "./use-live-conversation";

const subscribe = (onChange: () => void) => {
  document.addEventListener("visibilitychange", onChange);
  return () => document.removeEventListener("visibilitychange", onChange);
};

/** Whether the tab is in the background (false while rendering on the server). */
export function useTabHidden() {
  return useSyncExternalStore(
    subscribe,
    () => document.visibilityState === "hidden",
    () => false,
  );
}

const COUNT_PREFIX = /^\(\d+\) /;

/**
 * While the tab is hidden: the unread count in the page title, and a browser notification for each
 * new message from the other side (only if the person allowed notifications). Back in front, the
 * title is restored.
 */
export function useHiddenTabAlerts(options: {
  messages: ChatMessage[];
  ready: boolean;
  viewerId: string;
  unread: number;
  notificationTitle: (message: ChatMessage) => string;
}) {
  const hidden = useTabHidden();
  const { messages, ready, viewerId, unread } = options;
  const titleFor = useRef(options.notificationTitle);
  titleFor.current = options.notificationTitle;

  useEffect(() => {
    const base = document.title.replace(COUNT_PREFIX, "");
    document.title = hidden && unread > 0 ? `(${unread}) ${base}` : base;
  }, [hidden, unread]);
  useEffect(() => () => void (document.title = document.title.replace(COUNT_PREFIX, "")), []);

  // Messages already known (the history, and anything seen before) never notify.
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!ready) return;
    if (!known.current) {
      known.current = new Set(messages.map((m) => m.id));
      return;
    }
    for (const message of messages) {
      if (known.current.has(message.id)) continue;
      known.current.add(message.id);
      const allowed = "Notification" in window && Notification.permission === "granted";
      if (message.senderUserId !== viewerId && document.visibilityState === "hidden" && allowed) {
        // The same tag as a push about this conversation (notifications/push/payload.ts): one replaces the other.
        new Notification(titleFor.current(message), { body: message.content.slice(0, 140), tag: `conversation-${message.conversationId}` });
      }
    }
  }, [messages, ready, viewerId]);
}
