import type { Executor, LabelColor } from "@atiende/db";
import { selectRows, sql } from "@atiende/db";

import { echoRange, num, rangeSql } from "./range";
import type { TMetricsRangeInput } from "./schemas";

type LabelRow = {
  id: string;
  name: string;
  color: LabelColor;
  created: number;
  resolved_or_closed: number;
  open: number;
};

/**
 * The figures by topic: for each label, the conversations carrying it now that were created in
 * the range, how many of those are resolved or closed, and how many are open right now. A
 * conversation with two labels counts under both.
 */
export async function metricsByLabel(db: Executor, input: TMetricsRangeInput) {
  const r = rangeSql(input);
  const inRange = sql`c.created_at >= ${r.start} and c.created_at < ${r.end}`;
  const rows = await selectRows<LabelRow>(
    db,
    sql`
      select l.id, l.name, l.color,
        count(c.id) filter (where ${inRange})::int as created,
        count(c.id) filter (where ${inRange} and c.status in ('resolved', 'closed'))::int as resolved_or_closed,
        count(c.id) filter (where c.status = 'open')::int as open
      from support_labels l
      left join support_conversation_labels cl on cl.label_id = l.id and cl.removed_at is null
      left join support_conversations c on c.id = cl.conversation_id and c.deleted_at is null
        ${r.agent(sql`c.assigned_support_user_id`)}
      where l.deleted_at is null
      group by l.id
      order by lower(l.name), l.id`,
  );
  return {
    range: echoRange(input),
    labels: rows.map((row) => ({
      labelId: row.id,
      name: row.name,
      color: row.color,
      created: num(row.created),
      resolvedOrClosed: num(row.resolved_or_closed),
      resolutionRate: row.created > 0 ? num(row.resolved_or_closed) / num(row.created) : null,
      openBacklog: num(row.open),
    })),
  };
}

export type MetricsByLabel = Awaited<ReturnType<typeof metricsByLabel>>;
