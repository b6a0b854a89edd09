"use client";

import { PRIORITIES } from "@atiende/api/contract";
import { Button, Input } from "@atiende/ui";
import type { FormEvent } from "react";
import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";

import { Form, SubmitButton } from "~/components/forms/form";
import { useRememberLocale } from "~/components/notifications/use-remember-locale";
import { api } from "~/trpc/react";
import { ClosedBanner } from "./closed-banner";
import { ConversationList } from "./conversation-list";
import { NotificationToggle } from "./notification-toggle";
import { RatingForm } from "./rating-form";
import { ReconnectingBanner } from "./reconnecting-banner";
import { Thread } from "./thread";
import type { AttachmentLimits } from "./upload-file";

/** The candidate's support page: their conversations, a form to start one, and the open thread. */
export function CandidateChat(props: {
  viewerId: string;
  /** The conversation to show first (an email's link), when it is theirs. */
  initialConversationId?: string;
  maxLength: number;
  editWindowSeconds?: number;
  attachments?: AttachmentLimits;
}) {
  const t = useTranslations("chat");
  const utils = api.useUtils();
  const list = api.conversation.list.useQuery({ limit: 50 });
  const [selected, setSelected] = useState<string | null>(props.initialConversationId ?? null);
  useRememberLocale(props.viewerId);
  // Held here rather than left to the form's reset, which Preact (on /chat-soporte) does not
  // bring back to a select's default.
  const [priority, setPriority] = useState<(typeof PRIORITIES)[number]>("normal");
  const create = api.conversation.create.useMutation({
    onSuccess: async (conversation) => {
      setSelected(conversation.id);
      await utils.conversation.list.invalidate();
    },
  });
  const setStatus = api.conversation.setStatus.useMutation({
    onSuccess: () => utils.conversation.list.invalidate(),
  });

  const conversations = list.data?.items ?? [];
  const current = conversations.find((c) => c.id === selected) ?? conversations.find((c) => c.status === "open");
  // The shown conversation stays shown when it is resolved (by either side), so it can be rated.
  useEffect(() => {
    if (!selected && current) setSelected(current.id);
  }, [selected, current]);

  const onCreate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const subject = form.get("subject");
    create.mutate({ subject: typeof subject === "string" ? subject : undefined, priority });
    event.currentTarget.reset();
    setPriority("normal");
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ReconnectingBanner />
      <ClosedBanner />
      <div className="flex min-h-0 flex-1 flex-col md:flex-row">
        <aside className="flex max-h-[40dvh] flex-col border-b border-slate-200 bg-white md:max-h-none md:w-80 md:border-r md:border-b-0">
          <h1 className="px-4 pt-4 text-lg font-bold">{t("title")}</h1>
          <NotificationToggle className="px-2" />
          <Form onSubmit={onCreate} className="space-y-2 border-b border-slate-200 p-4" aria-label={t("newConversation")}>
            <label htmlFor="subject" className="text-sm font-medium">
              {t("subject")}
            </label>
            <Input id="subject" name="subject" placeholder={t("subjectPlaceholder")} maxLength={255} />
            <div className="flex items-center gap-2">
              <label htmlFor="priority" className="text-sm font-medium">
                {t("priority")}
              </label>
              <select
                id="priority"
                name="priority"
                value={priority}
                onChange={(event) => setPriority(PRIORITIES.find((p) => p === event.currentTarget.value) ?? "normal")}
                className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm"
              >
                {PRIORITIES.map((option) => (
                  <option key={option} value={option}>
                    {t(`priorities.${option}`)}
                  </option>
                ))}
              </select>
              <SubmitButton size="sm" className="ml-auto" disabled={create.isPending}>
                {create.isPending ? t("starting") : t("start")}
              </SubmitButton>
            </div>
          </Form>
          <h2 className="px-4 pt-3 text-sm font-semibold text-slate-700">{t("conversations")}</h2>
          <ConversationList
            conversations={conversations}
            loaded={list.isSuccess}
            currentId={current?.id}
            onSelect={setSelected}
          />
        </aside>
        <section className="flex min-h-0 flex-1 flex-col" aria-label={current?.subject ?? t("title")}>
          {current ? (
            <>
              <header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3">
                <div>
                  <h2 className="font-semibold">{current.subject ?? t("noSubject")}</h2>
                  <p className="text-xs text-slate-600">
                    {t(`status.${current.status}`)}
                    {current.assignee && ` · ${t("attendedBy", { name: current.assignee.name })}`}
                  </p>
                </div>
                {current.status !== "closed" && (
                  <Button
                    size="sm"
                    variant="secondary"
                    className="shrink-0 whitespace-nowrap"
                    onClick={() =>
                      setStatus.mutate({ id: current.id, status: current.status === "open" ? "resolved" : "open" })
                    }
                  >
                    {current.status === "open" ? t("resolve") : t("reopen")}
                  </Button>
                )}
              </header>
              {current.status === "resolved" && current.resolvedAt && (
                <RatingForm
                  key={`${current.id}:${current.resolvedAt.getTime()}`}
                  conversationId={current.id}
                  resolvedAt={current.resolvedAt}
                />
              )}
              <Thread key={current.id} conversationId={current.id} viewerId={props.viewerId} maxLength={props.maxLength} attachments={props.attachments} editWindowSeconds={props.editWindowSeconds} />
            </>
          ) : (
            <p className="m-auto p-6 text-slate-600">{t("selectConversation")}</p>
          )}
        </section>
      </div>
    </div>
  );
}
