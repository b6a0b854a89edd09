"use client";

import { Button, cn } from "@atiende/ui";
import { useId } from "react";
import { useTranslations } from "use-intl";

import { RelativeTime } from "~/components/i18n/relative-time";
import { api } from "~/trpc/react";

const DOT = { online: "bg-green-600", away: "bg-amber-500", offline: "bg-slate-400" } as const;

/** /support/equipo: who is online or away with their load, and the queue to take from. */
export function TeamView({ viewerId }: { viewerId: string }) {
  const t = useTranslations("team");
  const id = useId();
  const utils = api.useUtils();
  const team = api.team.members.useQuery();
  const queue = api.team.queue.useQuery();
  // Live, not polled: someone going away or coming back refreshes who is in; any conversation's
  // change (taken, handed over, resolved, a new one) refreshes the loads and the queue.
  api.live.inbox.useSubscription(undefined, {
    onData: ({ data }) => void (data.type === "presence" ? utils.team.members.invalidate() : utils.team.invalidate()),
  });
  const take = api.conversation.assign.useMutation({
    onSettled: () => Promise.all([utils.team.invalidate(), utils.conversation.list.invalidate()]),
    // The row and its button are gone: the focus goes to the queue's title, not to the page.
    onSuccess: () => document.getElementById(`${id}-queue`)?.focus(),
  });

  return (
    <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50">
      <div className="mx-auto grid max-w-6xl gap-5 p-4 md:p-6 lg:grid-cols-2">
        <h1 className="text-2xl font-bold lg:col-span-2">{t("title")}</h1>
        {(team.isError || queue.isError) && (
          <p role="alert" className="text-sm text-red-700 lg:col-span-2">
            {t("error")}
          </p>
        )}
        <section aria-labelledby={`${id}-members`} className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id={`${id}-members`} className="mb-3 text-base font-semibold">
            {t("members")}
          </h2>
          {team.isPending && <p className="text-sm text-slate-600">{t("loading")}</p>}
          <ul aria-labelledby={`${id}-members`} className="divide-y divide-slate-100">
            {team.data?.members.map((member) => (
              <li key={member.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <span className="min-w-40 flex-1 font-medium">{member.name}</span>
                <span className="flex w-32 items-center gap-2 text-sm">
                  <span aria-hidden className={cn("size-2.5 rounded-full", DOT[member.status])} />
                  {t(`status.${member.status}`)}
                </span>
                <span className="flex items-center gap-2 text-sm tabular-nums">
                  <meter
                    aria-label={t("loadLabel", { name: member.name })}
                    min={0}
                    max={team.data.capacity}
                    high={Math.max(team.data.capacity - 1, 0)}
                    value={Math.min(member.open, team.data.capacity)}
                    className="w-20"
                  />
                  {t("load", { open: member.open, capacity: team.data.capacity })}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby={`${id}-queue`} className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id={`${id}-queue`} tabIndex={-1} className="text-base font-semibold">
            {t("queue")}
          </h2>
          <p className="mb-3 text-xs text-slate-600">{t("queueHint")}</p>
          {queue.data?.length === 0 && <p className="text-sm text-slate-600">{t("queueEmpty")}</p>}
          <ol aria-labelledby={`${id}-queue`} className="divide-y divide-slate-100">
            {queue.data?.map((waiting) => (
              <li key={waiting.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <div className="min-w-40 flex-1">
                  <p className="truncate font-medium">{waiting.candidateName}</p>
                  <p className="truncate text-sm text-slate-700">{waiting.subject ?? t("noSubject")}</p>
                </div>
                <p className="text-xs text-slate-700">
                  {t("waiting")} <RelativeTime value={waiting.createdAt} />
                </p>
                <Button
                  size="sm"
                  variant="secondary"
                  aria-label={t("takeOf", { name: waiting.candidateName })}
                  disabled={take.isPending}
                  onClick={() => take.mutate({ id: waiting.id, supportUserId: viewerId, expectedAssigneeId: null })}
                >
                  {t("take")}
                </Button>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </div>
  );
}
