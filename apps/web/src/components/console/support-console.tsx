"use client";

import { Button } from "@atiende/ui";
import { useRef, useState } from "react";
import { useTranslations } from "use-intl";

import { ReconnectingBanner } from "~/components/chat/reconnecting-banner";
import { ConversationLabels } from "~/components/labels/conversation-labels";
import { HandOver } from "~/components/team/hand-over-dialog";
import type { AttachmentLimits } from "~/components/chat/upload-file";
import { useRememberLocale } from "~/components/notifications/use-remember-locale";
import { api } from "~/trpc/react";
import { ConsoleThread } from "./console-thread";
import { ConversationDetails } from "./conversation-details";
import { DetailsDrawer } from "./details-drawer";
import { Inbox } from "./inbox";
import { NewConversationDialog } from "./new-conversation-dialog";
import { ShortcutsHelp } from "./shortcuts-help";
import type { InboxFilters } from "./use-inbox";
import { DEFAULT_FILTERS, useInbox } from "./use-inbox";
import { useFocusRescue } from "./use-focus-rescue";
import { useShortcuts } from "./use-shortcuts";
import { useWideLayout } from "./use-wide-layout";

/** /support/communication: inbox, thread and details, worked from the keyboard or the mouse. */
export function SupportConsole(props: {
  viewer: { id: string; name: string };
  /** The conversation to open first (an email's link). */
  initialConversationId?: string;
  maxLength: number;
  editWindowSeconds: number;
  attachments: AttachmentLimits;
}) {
  const t = useTranslations("console");
  const tc = useTranslations("chat");
  const utils = api.useUtils();
  const [filters, setFilters] = useState<InboxFilters>(DEFAULT_FILTERS);
  const [selectedId, setSelectedId] = useState<string | null>(props.initialConversationId ?? null);
  useRememberLocale(props.viewer.id);
  const [labelsRequest, setLabelsRequest] = useState(0);
  const [composerMode, setComposerMode] = useState<{ mode: "reply" | "note"; focus: number }>({ mode: "reply", focus: 0 });
  const inbox = useInbox(filters, props.viewer.id);
  const searchRef = useRef<HTMLInputElement>(null);
  const helpRef = useRef<HTMLDialogElement>(null);
  const newRef = useRef<HTMLDialogElement>(null);
  const detailsRef = useRef<HTMLDialogElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const wide = useWideLayout();

  const listed = inbox.items.find((c) => c.id === selectedId);
  const detail = api.conversation.get.useQuery({ id: selectedId ?? "" }, { enabled: Boolean(selectedId), placeholderData: listed });
  const conversation = detail.data?.id === selectedId ? detail.data : listed;

  const refresh = () => Promise.all([utils.conversation.get.invalidate(), utils.conversation.list.invalidate()]);
  const assign = api.conversation.assign.useMutation({ onSettled: refresh });
  const setStatus = api.conversation.setStatus.useMutation({ onSettled: refresh });
  const assignToMe = () =>
    conversation &&
    assign.mutate({ id: conversation.id, supportUserId: props.viewer.id, expectedAssigneeId: conversation.assignee?.id ?? null });
  const resolve = () => conversation && setStatus.mutate({ id: conversation.id, status: "resolved" });

  // Assigning or resolving removes its button; opening or leaving a conversation on a narrow
  // screen hides the pane the focus was in: the focus goes to the thread's title, or the search.
  useFocusRescue(() => headingRef.current ?? searchRef.current, [selectedId, conversation?.status, conversation?.assignee?.id]);

  const move = (step: number) => {
    const index = inbox.items.findIndex((c) => c.id === selectedId);
    const next = inbox.items[index === -1 ? 0 : Math.min(Math.max(index + step, 0), inbox.items.length - 1)];
    if (next) setSelectedId(next.id);
  };
  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    r: () => setComposerMode((c) => ({ mode: "reply", focus: c.focus + 1 })),
    n: () => setComposerMode((c) => ({ mode: "note", focus: c.focus + 1 })),
    e: resolve,
    a: assignToMe,
    l: () => conversation && setLabelsRequest((n) => n + 1),
    "/": () => searchRef.current?.focus(),
    "?": () => helpRef.current?.showModal(),
  });

  const detailsProps = conversation && {
    conversation,
    viewerId: props.viewer.id,
    onSelect: setSelectedId,
    onAssignToMe: assignToMe,
    assignError: assign.error?.data?.code === "CONFLICT",
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ReconnectingBanner />
      <div className="grid min-h-0 flex-1 grid-cols-1 lg:grid-cols-[22rem_1fr] xl:grid-cols-[22rem_1fr_18rem]">
        <Inbox
          filters={filters}
          onFilters={setFilters}
          items={inbox.items}
          status={inbox.query.status}
          hasMore={inbox.query.hasNextPage}
          loadMore={() => void inbox.query.fetchNextPage()}
          selectedId={selectedId}
          onSelect={setSelectedId}
          searchRef={searchRef}
          alerts={inbox.alerts}
          onNewConversation={() => newRef.current?.showModal()}
          onShowShortcuts={() => helpRef.current?.showModal()}
          // Below lg the inbox or the open conversation takes the whole width, never both squeezed.
          className={conversation ? "hidden lg:flex" : undefined}
        />
        {conversation ? (
          <>
            <section aria-label={conversation.subject ?? tc("noSubject")} className="flex min-h-0 flex-col">
              <header className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-4 py-2">
                <Button size="sm" variant="ghost" className="-ml-2 px-2 lg:hidden" onClick={() => setSelectedId(null)}>
                  <span aria-hidden>←</span>
                  {t("thread.back")}
                </Button>
                <div className="mr-auto min-w-0">
                  <h2 ref={headingRef} tabIndex={-1} className="truncate font-semibold">{conversation.subject ?? tc("noSubject")}</h2>
                  <p className="truncate text-xs text-slate-600">
                    {conversation.candidate.name} · {tc(`status.${conversation.status}`)}
                  </p>
                  <ConversationLabels conversationId={conversation.id} labels={conversation.labels} openRequest={labelsRequest} />
                </div>
                {conversation.assignee?.id !== props.viewer.id && (
                  <Button size="sm" variant="secondary" onClick={assignToMe}>
                    {t("details.assignToMe")}
                  </Button>
                )}
                <HandOver conversationId={conversation.id} assigneeId={conversation.assignee?.id ?? null} />
                {conversation.status === "open" && (
                  <Button size="sm" onClick={resolve}>
                    {tc("resolve")}
                  </Button>
                )}
                {!wide && (
                  <Button size="sm" variant="secondary" aria-haspopup="dialog" onClick={() => detailsRef.current?.showModal()}>
                    {t("details.open")}
                  </Button>
                )}
              </header>
              <ConsoleThread
                key={conversation.id}
                conversationId={conversation.id}
                viewerId={props.viewer.id}
                maxLength={props.maxLength}
                attachments={props.attachments}
                editWindowSeconds={props.editWindowSeconds}
                composerMode={composerMode}
              />
            </section>
            {detailsProps &&
              (wide ? (
                <ConversationDetails {...detailsProps} className="border-l border-slate-200" />
              ) : (
                <DetailsDrawer dialogRef={detailsRef}>
                  <ConversationDetails
                    {...detailsProps}
                    onSelect={(id) => {
                      detailsRef.current?.close();
                      setSelectedId(id);
                    }}
                  />
                </DetailsDrawer>
              ))}
          </>
        ) : (
          <p className="m-auto hidden p-6 text-slate-600 lg:block">{t("thread.empty")}</p>
        )}
      </div>
      <ShortcutsHelp dialogRef={helpRef} />
      <NewConversationDialog dialogRef={newRef} onCreated={(id) => { setSelectedId(id); void refresh(); }} />
    </div>
  );
}
