import type { SQL } from "@atiende/db";
import { sql } from "@atiende/db";

import type { TMetricsRangeInput } from "./schemas";

/** SQL pieces every metric shares: the range's instants, a day in the zone, and the agent filter. */
export interface RangeSql {
  /** Midnight at the start of `from`, in the zone. */
  start: SQL;
  /** Midnight after `to`, in the zone: ranges are half-open, [start, end). */
  end: SQL;
  /** The calendar day, in the zone, of a timestamptz expression. */
  day: (column: SQL) => SQL;
  /** `and column = agent` when one agent is asked for, nothing otherwise. */
  agent: (column: SQL) => SQL;
}

export function rangeSql(input: TMetricsRangeInput): RangeSql {
  const zone = input.timeZone;
  return {
    start: sql`(${input.from}::date::timestamp at time zone ${zone})`,
    end: sql`((${input.to}::date + 1)::timestamp at time zone ${zone})`,
    day: (column) => sql`(${column} at time zone ${zone})::date`,
    agent: (column) => (input.supportUserId ? sql`and ${column} = ${input.supportUserId}` : sql``),
  };
}

/** Counts and the two percentiles come back as numbers, or null when nothing was measured. */
export const num = (value: unknown): number => Number(value ?? 0);
export const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/** The range an answer covers, as asked (no agent: null), so callers and CSVs can label it. */
export const echoRange = (input: TMetricsRangeInput) => ({
  from: input.from,
  to: input.to,
  timeZone: input.timeZone,
  supportUserId: input.supportUserId ?? null,
});
