"use client";

import type { RouterOutputs } from "@atiende/api";
import type { ConversationStatus, Priority } from "@atiende/api/contract";
import { keepPreviousData } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { api } from "~/trpc/react";
import { useAlerts } from "./use-alerts";

export type InboxConversation = RouterOutputs["conversation"]["list"]["items"][number];

export interface InboxFilters {
  view: "all" | "mine" | "unassigned";
  status: ConversationStatus | "";
  priority: Priority | "";
  labelId: string;
  q: string;
}

export const DEFAULT_FILTERS: InboxFilters = { view: "all", status: "open", priority: "", labelId: "", q: "" };

/**
 * The inbox: conversations matching the filters, newest activity first, page by page, kept live.
 * Every change anywhere refetches the loaded pages (at most a few times a second), so new
 * conversations appear and re-sort, and ones that stop matching a filter leave.
 */
export function useInbox(filters: InboxFilters, viewerId: string) {
  const utils = api.useUtils();
  const alerts = useAlerts();
  const query = api.conversation.list.useInfiniteQuery(
    {
      limit: 25,
      status: filters.status || undefined,
      priority: filters.priority || undefined,
      labelId: filters.labelId || undefined,
      assignedToMe: filters.view === "mine" || undefined,
      unassigned: filters.view === "unassigned" || undefined,
      q: filters.q.trim() || undefined,
    },
    { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
  );

  const refresh = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(refresh.current), []);
  api.live.inbox.useSubscription(undefined, {
    onData: ({ data }) => {
      if (data.type !== "conversation.changed") return;
      void utils.conversation.get.invalidate({ id: data.conversation.id });
      refresh.current ??= setTimeout(() => {
        refresh.current = undefined;
        void utils.conversation.list.invalidate();
      }, 250);
      const { message } = data;
      if (data.action === "message.created" && message && message.senderUserId !== viewerId && message.sender.role === "candidato") {
        alerts.notify(message.sender.name, message.content || (message.attachmentName ?? ""));
      }
    },
  });

  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { query, items, alerts };
}
