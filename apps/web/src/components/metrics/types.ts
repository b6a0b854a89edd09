import type { RouterOutputs } from "@atiende/api";

export type MetricsSummary = RouterOutputs["metrics"]["summary"];
export type MetricsTimeseries = RouterOutputs["metrics"]["timeseries"];
export type AgentFigures = MetricsSummary["agents"][number];
