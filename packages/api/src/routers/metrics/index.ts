import { createTRPCRouter, staffProcedure } from "../../trpc";
import { metricsByLabel } from "./labels";
import { ZMetricsRangeInput } from "./schemas";
import { metricsSummary } from "./summary";
import { metricsTimeseries } from "./timeseries";

/** Support figures for a range of days, computed in SQL; staff only. */
export const metricsRouter = createTRPCRouter({
  summary: staffProcedure
    .input(ZMetricsRangeInput)
    .query(({ ctx, input }) => metricsSummary(ctx.db, input)),
  timeseries: staffProcedure
    .input(ZMetricsRangeInput)
    .query(({ ctx, input }) => metricsTimeseries(ctx.db, input)),
  byLabel: staffProcedure
    .input(ZMetricsRangeInput)
    .query(({ ctx, input }) => metricsByLabel(ctx.db, input)),
});
