"use client";

import { useState } from "react";
import { useFormatter, useTimeZone, useTranslations } from "use-intl";

import { DEFAULT_TIME_ZONE } from "~/i18n/config";
import { api } from "~/trpc/react";
import { AgentTable } from "./agent-table";
import { CsatChart } from "./csat-chart";
import { DailyChart } from "./daily-chart";
import { addDays, dayIn, formatDay, spanInDays } from "./format";
import { KpiCards } from "./kpi-cards";
import { LabelTable } from "./label-table";
import type { MetricsRange } from "./metrics-filters";
import { MetricsFilters } from "./metrics-filters";

const MAX_DAYS = 366;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `/support/metrics`: the 30 days up to the day the page was rendered, counted in the reader's
 * time zone. `renderedAt` comes from the server, so its render and the browser's agree on "today".
 */
export function MetricsDashboard(props: { renderedAt: number }) {
  const t = useTranslations("metrics");
  const format = useFormatter();
  const timeZone = useTimeZone() ?? DEFAULT_TIME_ZONE;
  // Until the person changes it, the range follows the zone (which may change once after the
  // first render, when the browser reports its own).
  const [chosen, setRange] = useState<MetricsRange | null>(null);
  const today = dayIn(timeZone, new Date(props.renderedAt));
  const range = chosen ?? { from: addDays(today, -29), to: today, supportUserId: "" };
  const valid =
    DATE.test(range.from) &&
    DATE.test(range.to) &&
    range.from <= range.to &&
    spanInDays(range.from, range.to) <= MAX_DAYS;
  const input = {
    from: range.from,
    to: range.to,
    timeZone,
    ...(range.supportUserId ? { supportUserId: range.supportUserId } : {}),
  };
  const keep = { enabled: valid, placeholderData: <T,>(previous: T | undefined) => previous };
  const summary = api.metrics.summary.useQuery(input, keep);
  const series = api.metrics.timeseries.useQuery(input, keep);
  const byLabel = api.metrics.byLabel.useQuery(input, keep);
  const day = (value: string) =>
    formatDay(format, value, { day: "numeric", month: "short", year: "numeric" });

  return (
    <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50">
      <div className="mx-auto flex max-w-6xl flex-col gap-5 p-4 md:p-6">
        <header className="flex flex-col gap-1">
          <h1 className="text-2xl font-bold text-slate-900">{t("title")}</h1>
          <p className="text-sm text-slate-700">{t("intro", { timeZone })}</p>
        </header>
        <MetricsFilters
          value={range}
          onChange={setRange}
          error={valid ? null : t("filters.invalidRange", { max: MAX_DAYS })}
        />
        {summary.isError || series.isError ? (
          <p role="alert" className="text-sm text-red-700">
            {t("error")}
          </p>
        ) : null}
        {summary.data && series.data ? (
          <div aria-busy={summary.isFetching || series.isFetching} className="flex flex-col gap-5">
            <KpiCards
              summary={summary.data}
              rangeLabel={{ from: day(summary.data.range.from), to: day(summary.data.range.to) }}
            />
            <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
              <DailyChart
                title={t("charts.created")}
                kind="bar"
                color="#4338ca"
                points={series.data.days.map((d) => ({ day: d.day, value: d.created }))}
                csv={{ fileName: "metricas-creadas-por-dia.csv", valueHeader: t("csv.created") }}
              />
              <DailyChart
                title={t("charts.active")}
                hint={t("charts.activeHint")}
                kind="line"
                color="#0f766e"
                points={series.data.days.map((d) => ({ day: d.day, value: d.active }))}
                csv={{ fileName: "metricas-activas-por-dia.csv", valueHeader: t("csv.active") }}
              />
              <CsatChart csat={summary.data.csat} />
            </div>
            <AgentTable agents={summary.data.agents} />
            {byLabel.data && <LabelTable labels={byLabel.data.labels} />}
          </div>
        ) : valid && !summary.isError && !series.isError ? (
          <p role="status" className="text-sm text-slate-700">
            {t("loading")}
          </p>
        ) : null}
      </div>
    </div>
  );
}
