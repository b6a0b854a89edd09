import type { Executor } from "@atiende/db";
import { selectRows, sql } from "@atiende/db";

import { echoRange, num, rangeSql } from "./range";
import type { TMetricsRangeInput } from "./schemas";

type DayRow = {
  day: string;
  created: number;
  active: number;
  resolved: number;
  ratings: number;
};

/**
 * Per calendar day of the range, in its zone, every day present (zeros included): conversations
 * created, active (at least one message that is not an internal note), resolved, and rated.
 */
export async function metricsTimeseries(db: Executor, input: TMetricsRangeInput) {
  const r = rangeSql(input);
  const agent = r.agent(sql`c.assigned_support_user_id`);
  const rows = await selectRows<DayRow>(
    db,
    sql`
      with days as (
        select d::date as day from generate_series(${input.from}::date, ${input.to}::date, interval '1 day') d
      ),
      created as (
        select ${r.day(sql`c.created_at`)} as day, count(*) as n
        from support_conversations c
        where c.deleted_at is null and c.created_at >= ${r.start} and c.created_at < ${r.end} ${agent}
        group by 1
      ),
      active as (
        -- last_message_at is the newest message, so it bounds which conversations can have one in
        -- the range; their messages are then read through (conversation_id, created_at).
        select ${r.day(sql`x.created_at`)} as day, count(distinct x.conversation_id) as n
        from support_conversations c
        join support_messages x on x.conversation_id = c.id
        where c.deleted_at is null and c.last_message_at >= ${r.start} and c.created_at < ${r.end} ${agent}
          and x.created_at >= ${r.start} and x.created_at < ${r.end} and x.message_type <> 'note'
        group by 1
      ),
      resolved as (
        select ${r.day(sql`c.resolved_at`)} as day, count(*) as n
        from support_conversations c
        where c.deleted_at is null and c.resolved_at >= ${r.start} and c.resolved_at < ${r.end} ${agent}
        group by 1
      ),
      rated as (
        select ${r.day(sql`s.created_at`)} as day, count(*) as n
        from support_ratings s
        join support_conversations c on c.id = s.conversation_id and c.deleted_at is null
        where s.created_at >= ${r.start} and s.created_at < ${r.end} ${r.agent(sql`s.support_user_id`)}
        group by 1
      )
      select to_char(days.day, 'YYYY-MM-DD') as day,
        coalesce(created.n, 0)::int as created,
        coalesce(active.n, 0)::int as active,
        coalesce(resolved.n, 0)::int as resolved,
        coalesce(rated.n, 0)::int as ratings
      from days
      left join created using (day)
      left join active using (day)
      left join resolved using (day)
      left join rated using (day)
      order by days.day`,
  );
  return {
    range: echoRange(input),
    days: rows.map((row) => ({
      day: row.day,
      created: num(row.created),
      active: num(row.active),
      resolved: num(row.resolved),
      ratings: num(row.ratings),
    })),
  };
}

export type MetricsTimeseries = Awaited<ReturnType<typeof metricsTimeseries>>;
