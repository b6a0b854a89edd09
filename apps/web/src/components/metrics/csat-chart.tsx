"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useFormatter, useTranslations } from "use-intl";

import type { MetricsSummary } from "./types";
import { CsvButton } from "./csv-button";
import { FigureCard } from "./figure-card";

/** How many ratings gave each score, with a text table for assistive technology. */
export function CsatChart({ csat }: { csat: MetricsSummary["csat"] }) {
  const t = useTranslations("metrics");
  const format = useFormatter();
  const title = t("charts.csat");
  const data = csat.distribution.map((row) => ({
    ...row,
    label: t("charts.stars", { score: row.score }),
  }));
  const average =
    csat.average === null ? "—" : format.number(csat.average, { maximumFractionDigits: 2 });
  return (
    <FigureCard
      title={title}
      hint={t("charts.csatSummary", { count: csat.count, average })}
      action={
        <CsvButton
          name={title}
          fileName="metricas-csat.csv"
          header={[t("csv.score"), t("csv.count")]}
          rows={csat.distribution.map((row) => [row.score, row.count])}
        />
      }
    >
      <div aria-hidden="true" className="h-56 w-full" data-chart="metricas-csat.csv">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            accessibilityLayer={false}
            margin={{ top: 4, right: 8, bottom: 0, left: -16 }}
          >
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#334155" }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#334155" }} />
            <Tooltip />
            <Bar dataKey="count" name={title} fill="#d97706" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t("csv.score")}</th>
            <th scope="col">{t("csv.count")}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((row) => (
            <tr key={row.score}>
              <th scope="row">{row.label}</th>
              <td>{row.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </FigureCard>
  );
}
