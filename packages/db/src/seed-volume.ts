import type { SQL } from "drizzle-orm";
import { sql } from "drizzle-orm";

import type { Database, Transaction } from "./client";
import { selectRows } from "./client";
import { searchDocument } from "./search-document";
import { FIRST_NAMES, LAST_NAMES, RARE_WORDS, SUBJECTS, WORDS } from "./seed-volume-words";

export interface VolumeOptions {
  conversations: number;
  /** Messages in all, the long conversation's included. */
  messages: number;
  /** Messages of the one long conversation, for deep history pages. */
  longConversationMessages?: number;
  candidates?: number;
  agents?: number;
  /** Given to the agents, so someone can sign in as one and browse the volume. */
  agentPasswordHash?: string | null;
  /** Same seed, same data (apart from ids and the times, which are relative to now). */
  seed?: number;
}

/** Integers go into the text: as parameters, `generate_series` and friends could not infer their type. */
const int = (value: number) => sql.raw(String(Math.trunc(value)));

/** Where the volume seed puts its users, and the subject that marks the long conversation. */
export const VOLUME_EMAIL_DOMAIN = "volumen.example";
export const LONG_CONVERSATION_SUBJECT = "Conversación larga (volumen)";

const literalArray = (values: readonly string[]) =>
  sql.raw(`(array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ")}]::text[])`);

/**
 * Adds `conversations` conversations and `messages` messages with set-based SQL (a few statements,
 * no row-by-row inserts), for benchmarks. Candidates and ~10 agents (`soporte`) are new users under
 * VOLUME_EMAIL_DOMAIN. Statuses, priorities, assignees and activity times vary; messages draw from a
 * few hundred words with a skewed distribution, so full-text search has realistic selectivity.
 *
 * Kept invariants: a participant row per candidate (and per assignee), `last_message_at` is the last
 * message's time, `first_response_at` is the first message of someone else than the candidate,
 * `resolved_at` is set on resolved conversations. No audit rows are written, so `last_seq` stays 0.
 */
export async function seedVolumeData(db: Database, options: VolumeOptions): Promise<void> {
  const conversations = options.conversations;
  const longMessages = Math.min(options.longConversationMessages ?? 50_000, options.messages);
  const candidates =
    options.candidates ??
    Math.max(1, Math.min(conversations, Math.round(conversations / 250) || 1));
  const agents = options.agents ?? 10;
  if (
    conversations < (longMessages > 0 ? 2 : 1) ||
    options.messages < 0 ||
    candidates < 1 ||
    agents < 1
  ) {
    throw new Error("The volume seed needs at least one conversation, one candidate and one agent");
  }
  const [existing] = await selectRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from users where email like ${`%@${VOLUME_EMAIL_DOMAIN}`}`,
  );
  if ((existing?.n ?? 0) > 0)
    throw new Error("This database already has volume data; seed a fresh one");

  await db.transaction(async (tx) => {
    const run = (query: SQL) => tx.execute(query);
    await run(sql`select setseed(${((options.seed ?? 42) % 1000) / 1000})`);
    await run(sql`set local maintenance_work_mem = '256MB'`);
    const restoreIndexes = await dropSecondaryIndexes(tx);
    await insertUsers(run, candidates, agents, options.agentPasswordHash ?? null);
    // The long conversation is one of the `conversations`.
    const regular = longMessages > 0 ? conversations - 1 : conversations;
    await planConversations(
      run,
      { conversations: regular, candidates, agents },
      options.messages - longMessages,
      longMessages,
    );
    await insertConversations(run);
    await insertMessages(run);
    await restoreIndexes();
    await markRead(run);
  });
  await db.execute(sql`analyze`);
}

/**
 * Building the secondary (GIN and b-tree) indexes once after the insert is several times faster than
 * updating them row by row; they come back with their own definitions, in the same transaction.
 */
async function dropSecondaryIndexes(tx: Transaction): Promise<() => Promise<void>> {
  const indexes = await selectRows<{ name: string; definition: string }>(
    tx,
    sql`select i.indexname as name, i.indexdef as definition from pg_indexes i
        where i.schemaname = current_schema()
          and i.tablename in ('support_conversations', 'support_messages', 'support_conversation_participants')
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const index of indexes) await tx.execute(sql`drop index ${sql.identifier(index.name)}`);
  return async () => {
    for (const index of indexes) await tx.execute(sql.raw(index.definition));
  };
}

async function insertUsers(
  run: (q: SQL) => Promise<unknown>,
  candidates: number,
  agents: number,
  hash: string | null,
) {
  const first = literalArray(FIRST_NAMES);
  const last = literalArray(LAST_NAMES);
  const name = (n: SQL) =>
    sql`${first}[1 + ${n} % ${int(FIRST_NAMES.length)}] || ' ' || ${last}[1 + (${n} * 7) % ${int(LAST_NAMES.length)}]
        || ' ' || ${last}[1 + (${n} * 13 + 5) % ${int(LAST_NAMES.length)}]`;
  await run(sql`
    insert into users (email, name, role, password_hash, created_at)
    select 'agente-' || n || ${`@${VOLUME_EMAIL_DOMAIN}`}, ${name(sql`n`)}, 'soporte', ${hash}::text, now() - interval '3 years'
    from generate_series(0, ${int(agents - 1)}) n`);
  await run(sql`
    insert into users (email, name, role, created_at)
    select 'candidato-' || n || ${`@${VOLUME_EMAIL_DOMAIN}`}, ${name(sql`(n + 3)`)}, 'candidato', now() - interval '2 years'
    from generate_series(0, ${int(candidates - 1)}) n`);
  for (const role of ["soporte", "candidato"]) {
    const table = sql.raw(role === "soporte" ? "vol_agents" : "vol_candidates");
    await run(sql`
      create temp table ${table} on commit drop as
      select (row_number() over (order by created_at, email) - 1)::int as n, id from users
      where role = '${sql.raw(role)}' and email like '%@${sql.raw(VOLUME_EMAIL_DOMAIN)}'`);
  }
}

/**
 * One row per conversation to be made: who, what state, how many messages and when. Message counts
 * come in pairs (base + d, base − d), so they vary from 1 to twice the mean and still add up exactly.
 * Row 0 is the long conversation: open, assigned to agent 0, the most recent activity.
 */
async function planConversations(
  run: (q: SQL) => Promise<unknown>,
  counts: { conversations: number; candidates: number; agents: number },
  messages: number,
  longMessages: number,
) {
  const { conversations, candidates, agents } = counts;
  const base = Math.floor(messages / conversations);
  const extra = messages - base * conversations;
  const paired = 2 * Math.floor(conversations / 2);
  const subjects = literalArray(SUBJECTS);
  await run(sql`
    create temp table vol_plan on commit drop as
    with draws as (
      select n, random() as r_status, random() as r_priority, random() as r_assign, random() as r_agent,
        random() as r_time, random() as r_gap, random() as r_subject
      from generate_series(1, ${int(conversations)}) n
    ), shaped as (
      select *, case when r_status < 0.25 then 'open' when r_status < 0.9 then 'resolved' else 'closed' end as status
      from draws
    )
    select s.n, gen_random_uuid() as id, c.id as candidate_id,
      case when status = 'open' and r_assign < 0.35 then null else a.id end as agent_id,
      status,
      case when r_priority < 0.15 then 'high' when r_priority < 0.75 then 'normal' else 'low' end as priority,
      (${int(base)}
        + case when s.n > ${int(paired)} or ${int(base)} = 0 then 0
            when s.n % 2 = 1 then ((s.n::bigint + 1) / 2 * 7919) % ${int(Math.max(base, 1))}
            else -(((s.n::bigint + 1) / 2 * 7919) % ${int(Math.max(base, 1))}) end
        + case when s.n <= ${int(extra)} then 1 else 0 end)::int as messages,
      -- Open conversations are recent; the rest spread over a year, denser towards now.
      now() - interval '10 minutes' - case when status = 'open' then interval '14 days' * r_time
        else interval '365 days' * r_time * r_time end as last_at,
      interval '1 minute' * (1 + floor(r_gap * 30)) as gap,
      case when r_subject < 0.05 then null
        else ${subjects}[1 + floor(r_subject * ${int(SUBJECTS.length)})::int % ${int(SUBJECTS.length)}] end as subject
    from shaped s
    join vol_candidates c on c.n = (s.n::bigint * 7919) % ${int(candidates)}
    join vol_agents a on a.n = floor(s.r_agent * ${int(agents)})::int`);
  if (longMessages > 0) {
    await run(sql`
      insert into vol_plan
      select 0, gen_random_uuid(), (select id from vol_candidates where n = 0), (select id from vol_agents where n = 0),
        'open', 'normal', ${int(longMessages)}, now() - interval '1 minute', interval '1 minute', ${LONG_CONVERSATION_SUBJECT}`);
  }
}

async function insertConversations(run: (q: SQL) => Promise<unknown>) {
  await run(sql`
    insert into support_conversations (id, candidate_user_id, created_by_user_id, assigned_support_user_id, subject,
      search_vector, status, priority, last_seq, created_at, updated_at, last_message_at, first_response_at, resolved_at)
    select id, candidate_id, candidate_id, agent_id, subject,
      -- The subject's words, as conversation.create writes them; the messages' own are generated.
      ${searchDocument(sql`coalesce(subject, '')`)}, status, priority, 0,
      last_at - gap * greatest(messages - 1, 0), last_at, last_at,
      -- The agent writes every second message.
      case when agent_id is not null and messages >= 2 then last_at - gap * (messages - 2) end,
      case when status = 'resolved' then last_at end
    from vol_plan`);
  await run(sql`
    insert into support_conversation_participants (conversation_id, user_id, participant_role, joined_at)
    select id, candidate_id, 'candidato', last_at - gap * greatest(messages - 1, 0) from vol_plan
    union all
    select id, agent_id, 'soporte', last_at - gap * greatest(messages - 2, 0) from vol_plan where agent_id is not null`);
}

/**
 * Message k (1-based) is the candidate's when odd, the agent's when even (the candidate's again when
 * nobody is assigned). Each has 3 to 16 words, skewed towards the start of WORDS; about one in a
 * thousand also gets a rare word.
 */
async function insertMessages(run: (q: SQL) => Promise<unknown>) {
  const words = literalArray(WORDS);
  const rare = literalArray(RARE_WORDS);
  await run(sql`
    insert into support_messages (conversation_id, sender_user_id, content, message_type, created_at)
    select p.id,
      case when k % 2 = 0 and p.agent_id is not null then p.agent_id else p.candidate_id end,
      (select string_agg(${words}[1 + floor(${int(WORDS.length)} * power(random(), 3))::int], ' ')
         from generate_series(1, 3 + (k * 13 + p.n) % 14))
        || case when random() < 0.001 then ' ' || ${rare}[1 + floor(random() * ${int(RARE_WORDS.length)})::int] else '' end,
      'text',
      p.last_at - p.gap * (p.messages - k)
    from vol_plan p, generate_series(1, p.messages) k`);
}

/**
 * Everyone has read their conversation to the end, except agents of open conversations whose last
 * message is the candidate's: the inbox then shows unread counts where they would be.
 */
async function markRead(run: (q: SQL) => Promise<unknown>) {
  await run(sql`
    update support_conversation_participants pa
    set last_read_message_id = l.id, last_read_at = l.created_at
    from vol_plan p
    cross join lateral (
      select m.id, m.created_at, m.sender_user_id from support_messages m
      where m.conversation_id = p.id order by m.created_at desc, m.id desc limit 1
    ) l
    where pa.conversation_id = p.id
      and (p.status <> 'open' or pa.user_id = p.candidate_id or l.sender_user_id = pa.user_id)`);
}
