import type { Executor } from "@atiende/db";
import { selectRows, sql, STAFF_ROLES } from "@atiende/db";

import type { Schedule } from "../../contract/business-hours";
import { readBusinessHours } from "../../business-hours/store";
import type { RangeSql } from "./range";
import { echoRange, num, numOrNull, rangeSql } from "./range";
import type { TMetricsRangeInput } from "./schemas";

/** One row per grouping set: `rollup` = 1 is the whole range, 0 is one assignee (null: unassigned). */
type Grouped = {
  rollup: number;
  support_user_id: string | null;
};
type CreatedRow = Grouped & {
  created: number;
  resolved_or_closed: number;
  first_responses: number;
  frt_median: number | null;
  frt_p90: number | null;
  frt_business_median: number | null;
  frt_business_p90: number | null;
  messages: number | null;
  messages_avg: number | null;
};
type ResolvedRow = Grouped & {
  resolved: number;
  median: number | null;
  p90: number | null;
};
type RatingRow = Grouped & {
  no_score: number;
  score: number | null;
  ratings: number;
  average: number | null;
};
type BacklogRow = Grouped & {
  open: number;
};

const bySet = sql`group by grouping sets ((), (c.assigned_support_user_id))`;
const setColumns = sql`grouping(c.assigned_support_user_id)::int as rollup, c.assigned_support_user_id as support_user_id`;

/**
 * Conversations created in the range: how many, how many are now resolved or closed, their first
 * response times and their messages (internal notes excluded). A first response counts from the
 * candidate's first message, or from the conversation's creation if the candidate has not
 * written; when staff wrote before the candidate there was nothing to answer, so it is left out.
 */
function createdInRange(db: Executor, r: RangeSql, hours: Schedule | null) {
  return selectRows<CreatedRow>(
    db,
    sql`
      select ${setColumns},
        count(*)::int as created,
        count(*) filter (where c.status in ('resolved', 'closed'))::int as resolved_or_closed,
        count(f.seconds)::int as first_responses,
        percentile_cont(0.5) within group (order by f.seconds) as frt_median,
        percentile_cont(0.9) within group (order by f.seconds) as frt_p90,
        percentile_cont(0.5) within group (order by b.seconds) as frt_business_median,
        percentile_cont(0.9) within group (order by b.seconds) as frt_business_p90,
        sum(m.messages)::int as messages,
        avg(m.messages)::float8 as messages_avg
      from support_conversations c
      cross join lateral (
        select
          count(*) filter (where x.message_type <> 'note') as messages,
          min(x.created_at) filter (where x.message_type <> 'note' and x.sender_user_id = c.candidate_user_id) as first_candidate_at
        from support_messages x
        where x.conversation_id = c.id
      ) m
      cross join lateral (
        select extract(epoch from c.first_response_at - coalesce(m.first_candidate_at, c.created_at))::float8 as raw
      ) d
      cross join lateral (select case when d.raw >= 0 then d.raw end as seconds) f
      cross join lateral (${businessSeconds(hours)}) b
      where c.deleted_at is null and c.created_at >= ${r.start} and c.created_at < ${r.end}
        ${r.agent(sql`c.assigned_support_user_id`)}
      ${bySet}`,
  );
}

/**
 * The same wait counted in business hours only: the overlap of (first candidate message, first
 * response) with each day's opening hours, day by day in the team's zone, closed days skipped.
 * Without business hours it is null.
 */
function businessSeconds(hours: Schedule | null) {
  if (!hours) return sql`select null::float8 as seconds`;
  const tz = hours.timeZone;
  return sql`
    select case when f.seconds is null then null else coalesce(sum(greatest(0, extract(epoch from
      least(c.first_response_at, o.close_at) - greatest(c.first_response_at - make_interval(secs => f.seconds), o.open_at)))), 0)::float8 end as seconds
    from (
      select ((g.d::date + (x.w->>'from')::time) at time zone ${tz}) as open_at,
        ((g.d::date + (x.w->>'to')::time) at time zone ${tz}) as close_at
      from generate_series(
        ((c.first_response_at - make_interval(secs => coalesce(f.seconds, 0))) at time zone ${tz})::date,
        (c.first_response_at at time zone ${tz})::date, interval '1 day') g(d)
      cross join lateral (select ${JSON.stringify(hours.weekly)}::jsonb -> extract(dow from g.d::date)::int as w) x
      where f.seconds is not null and jsonb_typeof(x.w) = 'object' and not exists (
        select 1 from jsonb_array_elements_text(${JSON.stringify(hours.closedDays)}::jsonb) closed where closed = g.d::date::text)
    ) o`;
}

/** Conversations resolved in the range (closing keeps the resolution time): created → resolved. */
function resolvedInRange(db: Executor, r: RangeSql) {
  return selectRows<ResolvedRow>(
    db,
    sql`
      select ${setColumns},
        count(*)::int as resolved,
        percentile_cont(0.5) within group (order by extract(epoch from c.resolved_at - c.created_at)::float8) as median,
        percentile_cont(0.9) within group (order by extract(epoch from c.resolved_at - c.created_at)::float8) as p90
      from support_conversations c
      where c.deleted_at is null and c.resolved_at >= ${r.start} and c.resolved_at < ${r.end}
        ${r.agent(sql`c.assigned_support_user_id`)}
      ${bySet}`,
  );
}

/** Ratings given in the range, credited to the agent assigned when the conversation was resolved. */
function ratingsInRange(db: Executor, r: RangeSql) {
  return selectRows<RatingRow>(
    db,
    sql`
      select grouping(s.support_user_id)::int as rollup, s.support_user_id,
        grouping(s.score)::int as no_score, s.score,
        count(*)::int as ratings, avg(s.score)::float8 as average
      from support_ratings s
      join support_conversations c on c.id = s.conversation_id and c.deleted_at is null
      where s.created_at >= ${r.start} and s.created_at < ${r.end} ${r.agent(sql`s.support_user_id`)}
      group by grouping sets ((), (s.support_user_id), (s.score))`,
  );
}

/** Open conversations right now, whatever the range. */
function openBacklog(db: Executor, r: RangeSql) {
  return selectRows<BacklogRow>(
    db,
    sql`
      select ${setColumns}, count(*)::int as open
      from support_conversations c
      where c.status = 'open' and c.deleted_at is null ${r.agent(sql`c.assigned_support_user_id`)}
      ${bySet}`,
  );
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export async function metricsSummary(db: Executor, input: TMetricsRangeInput) {
  const r = rangeSql(input);
  // One at a time: PGlite has a single connection, and each query is an indexed aggregate.
  const hours = await readBusinessHours(db);
  const created = await createdInRange(db, r, hours.enabled ? hours.schedule : null);
  const resolved = await resolvedInRange(db, r);
  const ratings = await ratingsInRange(db, r);
  const backlog = await openBacklog(db, r);

  // The (score) grouping set is the distribution; the others are totals like the rest.
  const byScore = ratings.filter((row) => row.no_score === 0);
  const rated = ratings.filter((row) => row.no_score === 1);

  const totalOf = <T extends Grouped>(rows: T[]) => rows.find((row) => row.rollup === 1);
  const agentOf =
    (id: string | null) =>
    <T extends Grouped>(rows: T[]) =>
      rows.find((row) => row.rollup === 0 && row.support_user_id === id);

  const figures = (pick: <T extends Grouped>(rows: T[]) => T | undefined) => {
    const c = pick(created);
    const d = pick(resolved);
    const s = pick(rated);
    return {
      created: num(c?.created),
      resolvedOrClosed: num(c?.resolved_or_closed),
      resolutionRate: rate(num(c?.resolved_or_closed), num(c?.created)),
      firstResponse: {
        count: num(c?.first_responses),
        medianSeconds: numOrNull(c?.frt_median),
        p90Seconds: numOrNull(c?.frt_p90),
        // Null while business hours are off.
        businessMedianSeconds: numOrNull(c?.frt_business_median),
        businessP90Seconds: numOrNull(c?.frt_business_p90),
      },
      resolution: {
        count: num(d?.resolved),
        medianSeconds: numOrNull(d?.median),
        p90Seconds: numOrNull(d?.p90),
      },
      messages: { total: num(c?.messages), perConversation: numOrNull(c?.messages_avg) },
      csat: { count: num(s?.ratings), average: numOrNull(s?.average) },
      openBacklog: num(pick(backlog)?.open),
    };
  };

  const total = figures(totalOf);
  const agents = await agentRows(db, input, [...created, ...resolved, ...rated, ...backlog]);
  return {
    range: echoRange(input),
    ...total,
    csat: {
      ...total.csat,
      distribution: [1, 2, 3, 4, 5].map((score) => ({
        score,
        count: num(byScore.find((row) => num(row.score) === score)?.ratings),
      })),
    },
    agents: agents.map((agent) => ({
      ...agent,
      ...figures(agentOf(agent.supportUserId)),
    })),
  };
}

/**
 * Who gets a row: every staff member (or the one asked for), anyone else who appears in the
 * figures, and "unassigned" (null) when unassigned conversations add to the totals.
 */
async function agentRows(db: Executor, input: TMetricsRangeInput, rows: Grouped[]) {
  const seen = rows.filter((row) => row.rollup === 0).map((row) => row.support_user_id);
  const ids = [...new Set(seen.filter((id): id is string => id !== null))];
  const people = await selectRows<{ id: string; name: string }>(
    db,
    sql`
      select id, name from users
      where ${
        input.supportUserId
          ? sql`id = ${input.supportUserId}`
          : sql`role in (${sql.join(
              STAFF_ROLES.map((role) => sql`${role}`),
              sql`, `,
            )})
                ${
                  ids.length > 0
                    ? sql`or id in (${sql.join(
                        ids.map((id) => sql`${id}::uuid`),
                        sql`, `,
                      )})`
                    : sql``
                }`
      }
      order by name, id`,
  );
  const list: { supportUserId: string | null; name: string | null }[] = people.map((p) => ({
    supportUserId: p.id,
    name: p.name,
  }));
  if (!input.supportUserId && seen.includes(null)) list.push({ supportUserId: null, name: null });
  return list;
}

export type MetricsSummary = Awaited<ReturnType<typeof metricsSummary>>;
