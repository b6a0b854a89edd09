"use client";

import { CONVERSATION_STATUSES, PRIORITIES } from "@atiende/api/contract";
import { Button, cn, Input } from "@atiende/ui";
import type { RefObject } from "react";
import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";

import { RelativeTime } from "~/components/i18n/relative-time";
import { LabelChip } from "~/components/labels/label-chip";
import { LabelFilter } from "~/components/labels/label-filter";
import type { InboxConversation, InboxFilters } from "./use-inbox";

const VIEWS = ["all", "mine", "unassigned"] as const;
const select = "h-8 rounded-md border border-slate-300 bg-white px-2 text-sm";

/** The inbox pane: filters, search, and the conversations, newest activity first. */
export function Inbox(props: {
  filters: InboxFilters;
  onFilters: (filters: InboxFilters) => void;
  items: InboxConversation[];
  status: "pending" | "error" | "success";
  hasMore: boolean;
  loadMore: () => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  alerts: { enabled: boolean; toggle: () => void };
  onNewConversation: () => void;
  onShowShortcuts: () => void;
  className?: string;
}) {
  const t = useTranslations("console.inbox");
  const tc = useTranslations("chat");
  const ts = useTranslations("console.shortcuts");
  const { filters, onFilters } = props;
  const [search, setSearch] = useState(filters.q);
  // Search as the agent types, once they pause.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (search !== filters.q) onFilters({ ...filters, q: search });
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);

  return (
    <section aria-label={t("title")} className={cn("flex min-h-0 flex-col border-r border-slate-200 bg-white", props.className)}>
      <div className="space-y-2 border-b border-slate-200 p-3">
        <div className="flex items-center justify-between gap-2">
          <h1 className="text-base font-bold whitespace-nowrap">{t("title")}</h1>
          <Button size="sm" variant="secondary" className="whitespace-nowrap" onClick={props.onNewConversation}>
            {t("newConversation")}
          </Button>
        </div>
        <label className="sr-only" htmlFor="inbox-search">
          {t("searchLabel")}
        </label>
        <Input
          id="inbox-search"
          ref={props.searchRef}
          type="search"
          value={search}
          placeholder={t("search")}
          onChange={(event) => setSearch(event.target.value)}
        />
        <div className="flex flex-wrap gap-2">
          <select aria-label={t("view")} className={select} value={filters.view} onChange={(e) => onFilters({ ...filters, view: e.target.value as InboxFilters["view"] })}>
            {VIEWS.map((view) => (
              <option key={view} value={view}>
                {t(`views.${view}`)}
              </option>
            ))}
          </select>
          <select aria-label={t("status")} className={select} value={filters.status} onChange={(e) => onFilters({ ...filters, status: e.target.value as InboxFilters["status"] })}>
            <option value="">{t("anyStatus")}</option>
            {CONVERSATION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {tc(`status.${status}`)}
              </option>
            ))}
          </select>
          <select aria-label={t("priority")} className={select} value={filters.priority} onChange={(e) => onFilters({ ...filters, priority: e.target.value as InboxFilters["priority"] })}>
            <option value="">{t("anyPriority")}</option>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {tc(`priorities.${priority}`)}
              </option>
            ))}
          </select>
          <LabelFilter className={select} value={filters.labelId} onChange={(labelId) => onFilters({ ...filters, labelId })} />
          <Button size="sm" variant="ghost" className="ml-auto whitespace-nowrap" aria-pressed={props.alerts.enabled} onClick={props.alerts.toggle}>
            {props.alerts.enabled ? t("notificationsOn") : t("notificationsOff")}
          </Button>
          {/* Keyboard shortcuts are for keyboards: not offered on narrow (touch) screens. */}
          <Button size="sm" variant="ghost" className="hidden px-2 md:inline-flex" aria-label={ts("open")} onClick={props.onShowShortcuts}>
            ?
          </Button>
        </div>
      </div>
      <ul aria-label={t("title")} className="min-h-0 flex-1 overflow-y-auto">
        {props.status === "pending" && <li className="p-4 text-sm text-slate-600">{t("loading")}</li>}
        {props.status === "error" && (
          <li role="alert" className="p-4 text-sm text-red-700">
            {t("error")}
          </li>
        )}
        {props.status === "success" && props.items.length === 0 && <li className="p-4 text-sm text-slate-600">{t("empty")}</li>}
        {props.items.map((conversation) => (
          <li key={conversation.id} className="border-b border-slate-100">
            <button
              type="button"
              onClick={() => props.onSelect(conversation.id)}
              aria-current={conversation.id === props.selectedId ? "true" : undefined}
              className={cn(
                "block w-full px-3 py-2 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600",
                conversation.id === props.selectedId && "bg-indigo-50",
              )}
            >
              <span className="flex items-baseline justify-between gap-2">
                <span className={cn("truncate text-sm", conversation.unreadCount > 0 ? "font-bold" : "font-medium")}>
                  {conversation.candidate.name}
                </span>
                <RelativeTime value={conversation.lastMessageAt} className="shrink-0 text-xs text-slate-600" />
              </span>
              <span className="block truncate text-sm text-slate-800">{conversation.subject ?? tc("noSubject")}</span>
              <span className="block truncate text-xs text-slate-600">{conversation.lastMessagePreview ?? t("noMessages")}</span>
              <span className="mt-1 flex flex-wrap items-center gap-1 text-xs">
                <Chip>{tc(`status.${conversation.status}`)}</Chip>
                <Chip tone={conversation.priority === "high" ? "red" : "slate"}>{tc(`priorities.${conversation.priority}`)}</Chip>
                {conversation.labels.map((label) => (
                  <LabelChip key={label.id} name={label.name} color={label.color} />
                ))}
                <span className="text-slate-600">
                  {conversation.assignee ? t("assignedTo", { name: conversation.assignee.name }) : t("unassigned")}
                </span>
                {conversation.unreadCount > 0 && (
                  <span className="ml-auto rounded-full bg-indigo-700 px-2 font-semibold text-white">
                    {conversation.unreadCount > 99 ? t("unreadMany") : t("unread", { count: conversation.unreadCount })}
                  </span>
                )}
              </span>
            </button>
          </li>
        ))}
        {props.hasMore && (
          <li className="p-2 text-center">
            <Button size="sm" variant="ghost" onClick={props.loadMore}>
              {t("loadMore")}
            </Button>
          </li>
        )}
      </ul>
    </section>
  );
}

function Chip({ children, tone = "slate" }: { children: string; tone?: "slate" | "red" }) {
  return (
    <span className={cn("rounded px-1.5 py-0.5", tone === "red" ? "bg-red-100 text-red-800" : "bg-slate-100 text-slate-700")}>
      {children}
    </span>
  );
}
