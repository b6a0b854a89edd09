"use client";

import type { RouterOutputs } from "@atiende/api";
import { useFormatter, useTranslations } from "use-intl";

import { LabelChip } from "~/components/labels/label-chip";
import { CsvButton } from "./csv-button";
import { FigureCard } from "./figure-card";

type LabelFigures = RouterOutputs["metrics"]["byLabel"]["labels"][number];

/** The figures by topic: one row per label (a conversation with two labels counts under both). */
export function LabelTable({ labels }: { labels: LabelFigures[] }) {
  const t = useTranslations("metrics");
  const tl = useTranslations("labels");
  const format = useFormatter();
  const title = t("byLabel.title");
  const percent = (value: number | null) =>
    value === null ? "—" : format.number(value, { style: "percent", maximumFractionDigits: 1 });
  const head = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-700";
  const cell = "px-3 py-2 text-sm text-slate-900 tabular-nums";

  return (
    <FigureCard
      title={title}
      hint={t("byLabel.hint")}
      action={
        <CsvButton
          name={title}
          fileName="metricas-etiquetas.csv"
          header={[t("csv.labelId"), t("csv.label"), t("csv.created"), t("csv.resolvedOrClosed"), t("csv.resolutionRate"), t("csv.openBacklog")]}
          rows={labels.map((l) => [l.labelId, l.name, l.created, l.resolvedOrClosed, l.resolutionRate, l.openBacklog])}
        />
      }
    >
      {labels.length === 0 ? (
        <p className="text-sm text-slate-600">{tl("empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={head}>{t("byLabel.label")}</th>
                <th scope="col" className={head}>{t("agents.created")}</th>
                <th scope="col" className={head}>{t("agents.resolutionRate")}</th>
                <th scope="col" className={head}>{t("agents.backlog")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {labels.map((label) => (
                <tr key={label.labelId}>
                  <th scope="row" className="px-3 py-2 text-left">
                    <LabelChip name={label.name} color={label.color} />
                  </th>
                  <td className={cell}>{format.number(label.created)}</td>
                  <td className={cell}>{percent(label.resolutionRate)}</td>
                  <td className={cell}>{format.number(label.openBacklog)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </FigureCard>
  );
}
