"use client";

import type { RouterOutputs } from "@atiende/api";
import { cn } from "@atiende/ui";
import { useTranslations } from "use-intl";

import { RelativeTime } from "~/components/i18n/relative-time";

type Conversation = RouterOutputs["conversation"]["list"]["items"][number];

/** A candidate's conversations, newest activity first, with status and unread count. */
export function ConversationList(props: {
  conversations: Conversation[];
  loaded: boolean;
  currentId: string | undefined;
  onSelect: (id: string) => void;
}) {
  const t = useTranslations("chat");
  return (
    <ul className="flex-1 overflow-y-auto p-2">
      {props.conversations.length === 0 && props.loaded && <li className="p-2 text-sm text-slate-600">{t("empty")}</li>}
      {props.conversations.map((conversation) => (
        <li key={conversation.id}>
          <button
            type="button"
            onClick={() => props.onSelect(conversation.id)}
            aria-current={conversation.id === props.currentId ? "true" : undefined}
            className={cn(
              "w-full rounded-md px-3 py-2 text-left text-sm hover:bg-slate-100",
              conversation.id === props.currentId && "bg-indigo-50 ring-1 ring-indigo-200",
            )}
          >
            <span className="block font-medium">{conversation.subject ?? t("noSubject")}</span>
            <span className="block text-xs text-slate-600">
              {t(`status.${conversation.status}`)} · <RelativeTime value={conversation.lastMessageAt} />
              {conversation.unreadCount > 0 && ` · ${t("unread", { count: conversation.unreadCount })}`}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
