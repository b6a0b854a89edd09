"use client";

import { useFormatter, useTranslations } from "use-intl";

import { CsvButton } from "./csv-button";
import { figureColumns } from "./figure-columns";
import { formatDuration } from "./format";
import type { MetricsSummary } from "./types";

function Kpi(props: { label: string; value: string; hint: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm font-medium text-slate-700">{props.label}</dt>
      <dd className="mt-1 text-2xl font-bold text-slate-900">{props.value}</dd>
      <dd className="mt-1 text-xs text-slate-600">{props.hint}</dd>
    </div>
  );
}

/** The range's headline figures, and all of them as one CSV. */
export function KpiCards({
  summary,
  rangeLabel,
}: {
  summary: MetricsSummary;
  rangeLabel: { from: string; to: string };
}) {
  const t = useTranslations("metrics");
  const format = useFormatter();
  const percent = (value: number | null) =>
    value === null ? "—" : format.number(value, { style: "percent", maximumFractionDigits: 1 });
  const decimal = (value: number | null) =>
    value === null ? "—" : format.number(value, { maximumFractionDigits: 2 });
  const percentiles = (f: { medianSeconds: number | null; p90Seconds: number | null }) =>
    t("kpi.percentiles", {
      median: formatDuration(f.medianSeconds),
      p90: formatDuration(f.p90Seconds),
    });

  return (
    <section aria-labelledby="metrics-kpi-title">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 id="metrics-kpi-title" className="text-base font-semibold text-slate-900">
          {t("kpi.label")}
        </h2>
        <CsvButton
          name={t("kpi.label")}
          fileName="metricas-resumen.csv"
          header={[t("csv.figure"), t("csv.value")]}
          rows={figureColumns(summary).map(([key, value]) => [t(`csv.${key}`), value])}
        />
      </div>
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <Kpi
          label={t("kpi.created")}
          value={format.number(summary.created)}
          hint={t("kpi.createdHint", rangeLabel)}
        />
        <Kpi
          label={t("kpi.resolutionRate")}
          value={percent(summary.resolutionRate)}
          hint={t("kpi.resolutionRateHint", {
            resolved: summary.resolvedOrClosed,
            created: summary.created,
          })}
        />
        <Kpi
          label={t("kpi.firstResponse")}
          value={formatDuration(summary.firstResponse.medianSeconds)}
          hint={`${percentiles(summary.firstResponse)} · ${t("kpi.measured", { count: summary.firstResponse.count })}`}
        />
        {summary.firstResponse.businessMedianSeconds !== null && (
          <Kpi
            label={t("kpi.firstResponseBusiness")}
            value={formatDuration(summary.firstResponse.businessMedianSeconds)}
            hint={t("kpi.firstResponseBusinessHint", {
              percentiles: percentiles({
                medianSeconds: summary.firstResponse.businessMedianSeconds,
                p90Seconds: summary.firstResponse.businessP90Seconds,
              }),
            })}
          />
        )}
        <Kpi
          label={t("kpi.resolution")}
          value={formatDuration(summary.resolution.medianSeconds)}
          hint={`${percentiles(summary.resolution)} · ${t("kpi.measured", { count: summary.resolution.count })}`}
        />
        <Kpi
          label={t("kpi.messages")}
          value={decimal(summary.messages.perConversation)}
          hint={t("kpi.messagesHint", { total: summary.messages.total })}
        />
        <Kpi
          label={t("kpi.backlog")}
          value={format.number(summary.openBacklog)}
          hint={t("kpi.backlogHint")}
        />
        <Kpi
          label={t("kpi.csat")}
          value={summary.csat.average === null ? "—" : `${decimal(summary.csat.average)} / 5`}
          hint={t("kpi.csatHint", { count: summary.csat.count })}
        />
      </dl>
    </section>
  );
}
