"use client";

import { useFormatter, useTranslations } from "use-intl";

import { CsvButton } from "./csv-button";
import { FigureCard } from "./figure-card";
import { figureColumns } from "./figure-columns";
import { formatDuration } from "./format";
import type { AgentFigures } from "./types";

/** One row per agent (and one for unassigned conversations), same definitions as the totals. */
export function AgentTable({ agents }: { agents: AgentFigures[] }) {
  const t = useTranslations("metrics");
  const format = useFormatter();
  const title = t("agents.title");
  const nameOf = (agent: AgentFigures) => agent.name ?? t("agents.unassigned");
  const percent = (value: number | null) =>
    value === null ? "—" : format.number(value, { style: "percent", maximumFractionDigits: 1 });
  const head = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-700";
  const cell = "px-3 py-2 text-sm text-slate-900 tabular-nums";
  const columns = figureColumns(agents[0] ?? emptyFigures).map(([key]) => key);

  return (
    <FigureCard
      title={title}
      action={
        <CsvButton
          name={title}
          fileName="metricas-agentes.csv"
          header={[t("csv.agentId"), t("csv.agent"), ...columns.map((key) => t(`csv.${key}`))]}
          rows={agents.map((agent) => [
            agent.supportUserId,
            nameOf(agent),
            ...figureColumns(agent).map(([, value]) => value),
          ])}
        />
      }
    >
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200">
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className={head}>
                {t("agents.agent")}
              </th>
              <th scope="col" className={head}>
                {t("agents.created")}
              </th>
              <th scope="col" className={head}>
                {t("agents.resolutionRate")}
              </th>
              <th scope="col" className={head}>
                {t("agents.firstResponse")}
              </th>
              <th scope="col" className={head}>
                {t("agents.resolved")}
              </th>
              <th scope="col" className={head}>
                {t("agents.resolution")}
              </th>
              <th scope="col" className={head}>
                {t("agents.csat")}
              </th>
              <th scope="col" className={head}>
                {t("agents.backlog")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {agents.map((agent) => (
              <tr key={agent.supportUserId ?? "unassigned"}>
                <th scope="row" className={`${cell} text-left font-medium`}>
                  {nameOf(agent)}
                </th>
                <td className={cell}>{agent.created}</td>
                <td className={cell}>{percent(agent.resolutionRate)}</td>
                <td className={cell}>{formatDuration(agent.firstResponse.medianSeconds)}</td>
                <td className={cell}>{agent.resolution.count}</td>
                <td className={cell}>{formatDuration(agent.resolution.medianSeconds)}</td>
                <td className={cell}>
                  {agent.csat.average === null
                    ? "—"
                    : `${format.number(agent.csat.average, { maximumFractionDigits: 2 })} (${agent.csat.count})`}
                </td>
                <td className={cell}>{agent.openBacklog}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </FigureCard>
  );
}

const none = { count: 0, medianSeconds: null, p90Seconds: null };
const emptyFigures = {
  created: 0,
  resolvedOrClosed: 0,
  resolutionRate: null,
  firstResponse: { ...none, businessMedianSeconds: null, businessP90Seconds: null },
  resolution: none,
  messages: { total: 0, perConversation: null },
  csat: { count: 0, average: null },
  openBacklog: 0,
};
