"use client";

import { CONVERSATION_STATUSES, PRIORITIES } from "@atiende/api/contract";
import { Button, cn } from "@atiende/ui";
import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";
import { DateTime } from "./date-time";
import { HostContext } from "./host-context";
import type { InboxConversation } from "./use-inbox";

const select = "h-8 w-full rounded-md border border-slate-300 bg-white px-2 text-sm";

/** Who the candidate is, what they asked before, and the controls an agent changes. */
export function ConversationDetails(props: {
  conversation: InboxConversation;
  viewerId: string;
  onSelect: (id: string) => void;
  onAssignToMe: () => void;
  assignError: boolean;
  className?: string;
}) {
  const t = useTranslations("console.details");
  const tc = useTranslations("chat");
  const { conversation } = props;
  const utils = api.useUtils();
  const staff = api.user.staff.useQuery(undefined, { staleTime: 60_000 });
  const history = api.conversation.list.useQuery({ candidateUserId: conversation.candidate.id, limit: 10 });
  const refresh = () => Promise.all([utils.conversation.get.invalidate({ id: conversation.id }), utils.conversation.list.invalidate()]);
  const setStatus = api.conversation.setStatus.useMutation({ onSettled: refresh });
  const setPriority = api.conversation.setPriority.useMutation({ onSettled: refresh });
  const assign = api.conversation.assign.useMutation({ onSettled: refresh });
  const previous = (history.data?.items ?? []).filter((c) => c.id !== conversation.id);
  const ratings = api.conversation.ratings.useQuery({ id: conversation.id });

  return (
    <aside aria-label={t("title")} className={cn("min-h-0 space-y-5 overflow-y-auto bg-white p-4 text-sm", props.className)}>
      <section>
        <h2 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t("candidate")}</h2>
        <p className="mt-1 font-medium">{conversation.candidate.name}</p>
        <p className="break-all text-slate-700">{conversation.candidate.email}</p>
      </section>
      <HostContext context={conversation.context} />

      <section className="space-y-2">
        <label className="block">
          <span className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t("status")}</span>
          <select className={select} value={conversation.status} onChange={(e) => setStatus.mutate({ id: conversation.id, status: e.target.value as (typeof CONVERSATION_STATUSES)[number] })}>
            {CONVERSATION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {tc(`status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t("priority")}</span>
          <select className={select} value={conversation.priority} onChange={(e) => setPriority.mutate({ id: conversation.id, priority: e.target.value as (typeof PRIORITIES)[number] })}>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {tc(`priorities.${priority}`)}
              </option>
            ))}
          </select>
        </label>
        <div>
          <span className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t("assignee")}</span>
          <p className="mb-1">{conversation.assignee?.name ?? t("nobody")}</p>
          {conversation.assignee?.id !== props.viewerId && (
            <Button size="sm" variant="secondary" onClick={props.onAssignToMe}>
              {t("assignToMe")}
            </Button>
          )}
          <label className="mt-2 block">
            <span className="sr-only">{t("reassign")}</span>
            <select
              className={select}
              aria-label={t("reassign")}
              value={conversation.assignee?.id ?? ""}
              onChange={(e) =>
                assign.mutate({
                  id: conversation.id,
                  supportUserId: e.target.value || null,
                  expectedAssigneeId: conversation.assignee?.id ?? null,
                })
              }
            >
              <option value="">{t("nobody")}</option>
              {(staff.data ?? []).map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </label>
          {(props.assignError || assign.error?.data?.code === "CONFLICT") && (
            <p role="alert" className="mt-1 text-xs text-red-700">
              {t("assignConflict")}
            </p>
          )}
        </div>
      </section>

      <section>
        <h2 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t("times")}</h2>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
          <dt className="text-slate-600">{t("created")}</dt>
          <dd><DateTime value={conversation.createdAt} /></dd>
          <dt className="text-slate-600">{t("firstResponse")}</dt>
          <dd>{conversation.firstResponseAt ? <DateTime value={conversation.firstResponseAt} /> : t("notYet")}</dd>
          <dt className="text-slate-600">{t("resolved")}</dt>
          <dd>{conversation.resolvedAt ? <DateTime value={conversation.resolvedAt} /> : t("notYet")}</dd>
        </dl>
      </section>

      {(ratings.data?.length ?? 0) > 0 && (
        <section>
          <h2 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t("rating")}</h2>
          <ul className="mt-1 space-y-2">
            {ratings.data?.map((rating) => (
              <li key={rating.id}>
                <p><span role="img" aria-label={t("ratingScore", { score: rating.score })}>
                  <span aria-hidden className="text-amber-500">{"★".repeat(rating.score)}</span>
                  <span aria-hidden className="text-slate-300">{"★".repeat(5 - rating.score)}</span></span>
                </p>
                {rating.comment && <p className="text-slate-700 whitespace-pre-wrap">{rating.comment}</p>}
                <p className="text-xs text-slate-600"><DateTime value={rating.createdAt} /></p>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section>
        <h2 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t("history")}</h2>
        {previous.length === 0 ? (
          <p className="mt-1 text-slate-600">{t("noHistory")}</p>
        ) : (
          <ul className="mt-1 space-y-1">
            {previous.map((c) => (
              <li key={c.id}>
                <button type="button" className="w-full rounded px-2 py-1 text-left hover:bg-slate-100" onClick={() => props.onSelect(c.id)}>
                  <span className="block truncate">{c.subject ?? tc("noSubject")}</span>
                  <span className="text-xs text-slate-600">
                    {tc(`status.${c.status}`)} · <DateTime value={c.lastMessageAt} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}
