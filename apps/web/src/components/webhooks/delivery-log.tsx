"use client";

import type { RouterOutputs } from "@atiende/api";
import { Button } from "@atiende/ui";
import { Fragment, useId, useState } from "react";
import { useTranslations } from "use-intl";

import { RelativeTime } from "~/components/i18n/relative-time";
import { api } from "~/trpc/react";

import { AttemptList } from "./attempt-list";

type Delivery = RouterOutputs["webhook"]["deliveries"]["items"][number];

const STATUS_STYLE: Record<Delivery["status"], string> = {
  pending: "bg-amber-100 text-amber-900",
  delivered: "bg-green-100 text-green-900",
  failed: "bg-red-100 text-red-900",
};

/**
 * The newest deliveries, refreshed every few seconds; each opens onto its attempts, and a finished
 * one can be sent again.
 */
export function DeliveryLog() {
  const t = useTranslations("webhooks.log");
  const id = useId();
  const utils = api.useUtils();
  const deliveries = api.webhook.deliveries.useQuery({ limit: 50 }, { refetchInterval: 3000 });
  const redeliver = api.webhook.redeliver.useMutation({ onSuccess: () => utils.webhook.deliveries.invalidate() });
  const [open, setOpen] = useState<string | null>(null);

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
        {t("title")}
      </h2>
      {deliveries.isError || redeliver.isError ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {t("error")}
        </p>
      ) : null}
      {deliveries.data?.items.length === 0 ? <p className="mt-3 text-sm text-slate-700">{t("empty")}</p> : null}
      {/* relative: the screen-reader-only texts inside stay in this scroll box, not the page's. */}
      {deliveries.data?.items.length ? (
        <div className="relative mt-3 overflow-x-auto">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption className="sr-only">{t("title")}</caption>
            <thead className="border-b border-slate-200 text-xs text-slate-700">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">{t("event")}</th>
                <th scope="col" className="py-2 pr-3 font-medium">{t("endpoint")}</th>
                <th scope="col" className="py-2 pr-3 font-medium">{t("status")}</th>
                <th scope="col" className="py-2 pr-3 font-medium">{t("response")}</th>
                <th scope="col" className="py-2 pr-3 font-medium">{t("duration")}</th>
                <th scope="col" className="py-2 pr-3 font-medium">{t("attempts")}</th>
                <th scope="col" className="py-2 pr-3 font-medium">{t("when")}</th>
                <th scope="col" className="py-2 font-medium"><span className="sr-only">{t("actions")}</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {deliveries.data.items.map((delivery) => (
                <Fragment key={delivery.id}>
                  <tr>
                    <td className="py-2 pr-3 font-mono text-xs">{delivery.event}</td>
                    <td className="max-w-56 truncate py-2 pr-3 font-mono text-xs" title={delivery.endpointUrl}>
                      {delivery.endpointUrl}
                    </td>
                    <td className="py-2 pr-3">
                      <span className={`rounded px-2 text-xs ${STATUS_STYLE[delivery.status]}`}>{t(`statuses.${delivery.status}`)}</span>
                    </td>
                    <td className="py-2 pr-3" title={delivery.error ?? undefined}>
                      {delivery.responseStatus ?? (delivery.error ? t("noAnswer") : "—")}
                    </td>
                    <td className="py-2 pr-3">{delivery.durationMs === null ? "—" : t("ms", { ms: delivery.durationMs })}</td>
                    <td className="py-2 pr-3">
                      {/* The count opens the attempts: what each one got, in order. */}
                      <Button
                        variant="ghost"
                        size="sm"
                        className="underline underline-offset-2"
                        aria-expanded={open === delivery.id}
                        aria-controls={`${id}-attempts-${delivery.id}`}
                        aria-label={t("attemptsLabel", { count: delivery.attempts, event: delivery.event, id: delivery.id })}
                        onClick={() => setOpen(open === delivery.id ? null : delivery.id)}
                      >
                        {delivery.attempts}
                      </Button>
                    </td>
                    <td className="py-2 pr-3 text-xs">
                      <RelativeTime value={delivery.lastAttemptAt ?? delivery.createdAt} />
                    </td>
                    <td className="py-2">
                      <Button
                        variant="secondary"
                        size="sm"
                        disabled={delivery.status === "pending" || redeliver.isPending}
                        aria-label={t("redeliverLabel", { event: delivery.event, id: delivery.id })}
                        onClick={() => redeliver.mutate({ id: delivery.id })}
                      >
                        {t("redeliver")}
                      </Button>
                    </td>
                  </tr>
                  {open === delivery.id ? (
                    <tr>
                      <td colSpan={8} className="bg-slate-50 px-3 py-2">
                        <AttemptList id={`${id}-attempts-${delivery.id}`} deliveryId={delivery.id} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
