"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useFormatter, useTranslations } from "use-intl";

import { CsvButton } from "./csv-button";
import { FigureCard } from "./figure-card";
import { formatDay } from "./format";

export interface DailyPoint {
  day: string;
  value: number;
}

/**
 * One count per day as bars or a line. The drawing is hidden from assistive technology; a
 * summary sentence and a table of every day say the same thing in text.
 */
export function DailyChart(props: {
  title: string;
  hint?: string;
  kind: "bar" | "line";
  color: string;
  points: DailyPoint[];
  csv: { fileName: string; valueHeader: string };
}) {
  const t = useTranslations("metrics");
  const format = useFormatter();
  const label = (day: string) => formatDay(format, day, { day: "numeric", month: "short" });
  const data = props.points.map((point) => ({ ...point, label: label(point.day) }));
  const total = props.points.reduce((sum, point) => sum + point.value, 0);
  const peak = props.points.reduce<DailyPoint | null>(
    (best, point) => (!best || point.value > best.value ? point : best),
    null,
  );
  const common = {
    data,
    accessibilityLayer: false,
    margin: { top: 4, right: 8, bottom: 0, left: -16 },
  };
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" stroke="#e2e8f0" />,
    <XAxis
      key="x"
      dataKey="label"
      tick={{ fontSize: 11, fill: "#334155" }}
      interval="preserveStartEnd"
      minTickGap={16}
    />,
    <YAxis key="y" allowDecimals={false} tick={{ fontSize: 11, fill: "#334155" }} />,
    <Tooltip key="tooltip" />,
  ];

  return (
    <FigureCard
      title={props.title}
      hint={props.hint}
      action={
        <CsvButton
          name={props.title}
          fileName={props.csv.fileName}
          header={[t("csv.day"), props.csv.valueHeader]}
          rows={props.points.map((point) => [point.day, point.value])}
        />
      }
    >
      <div aria-hidden="true" className="h-56 w-full" data-chart={props.csv.fileName}>
        <ResponsiveContainer width="100%" height="100%">
          {props.kind === "bar" ? (
            <BarChart {...common}>
              {axes}
              <Bar
                dataKey="value"
                name={props.title}
                fill={props.color}
                isAnimationActive={false}
              />
            </BarChart>
          ) : (
            <LineChart {...common}>
              {axes}
              <Line
                dataKey="value"
                name={props.title}
                stroke={props.color}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
      <p className="sr-only">
        {peak
          ? t("charts.summary", { name: props.title, total, max: peak.value, day: label(peak.day) })
          : t("noData")}
      </p>
      <table className="sr-only">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{t("csv.day")}</th>
            <th scope="col">{props.title}</th>
          </tr>
        </thead>
        <tbody>
          {props.points.map((point) => (
            <tr key={point.day}>
              <th scope="row">{label(point.day)}</th>
              <td>{point.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </FigureCard>
  );
}
