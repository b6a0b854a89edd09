import type postgres from "postgres";

/**
 * The raw twins: the SQL the routers generate (copied from drizzle's log, see
 * packages/api/src/routers/conversation/list.ts and domain/{conversation-queries,search}.ts), sent
 * through the bare `postgres` driver as prepared statements; the history page's is the plainest
 * keyset read instead. A staff
 * viewer, so no candidate or note conditions. Columns get aliases only because postgres.js returns
 * rows as objects, where three columns named `id` would collide; drizzle reads them as arrays.
 */

export interface RawListFilter {
  status?: string;
  priority?: string;
  assignedTo?: string;
  unassigned?: boolean;
  /** A tsquery as domain/search.ts's toPrefixQuery builds it ("word:*"). */
  query?: string;
  cursor?: string;
}

export async function rawConversationList(
  sql: postgres.Sql,
  viewerId: string,
  filter: RawListFilter,
  limit: number,
): Promise<string[]> {
  const none = sql``;
  const ids = filter.query ? await rawSearch(sql, filter.query, limit + 1) : null;
  const rows = await sql<{ id: string }[]>`
    select c.id, c.candidate_user_id, c.created_by_user_id, c.assigned_support_user_id, c.subject, c.status,
      c.priority, c.last_seq, c.created_at, c.updated_at, c.last_message_at, c.first_response_at, c.resolved_at,
      c.deleted_at, candidate.id as candidate_id_, candidate.name as candidate_name, candidate.role as candidate_role,
      candidate.email as candidate_email, assignee.id as assignee_id, assignee.name as assignee_name,
      assignee.role as assignee_role,
      (select count(*)::int from (select 1 from support_messages m
        where m.conversation_id = c.id
          and m.sender_user_id <> ${viewerId}
          and m.created_at > coalesce((
            select r.created_at from support_conversation_participants p
            join support_messages r on r.id = p.last_read_message_id
            where p.conversation_id = c.id and p.user_id = ${viewerId}
          ), '-infinity'::timestamptz)
        limit 100) unread) as unread_count,
      (select left(coalesce(nullif(m.content, ''), m.attachment_name, ''), 140) from support_messages m
        where m.conversation_id = c.id and m.message_type <> 'note'
        order by m.created_at desc, m.id desc limit 1) as last_message_preview
    from support_conversations c
    inner join users candidate on candidate.id = c.candidate_user_id
    left join users assignee on assignee.id = c.assigned_support_user_id
    where c.deleted_at is null
      ${filter.status ? sql`and c.status = ${filter.status}` : none}
      ${filter.priority ? sql`and c.priority = ${filter.priority}` : none}
      ${ids ? sql`and c.id = any(${ids}::uuid[])` : none}
      ${filter.assignedTo ? sql`and c.assigned_support_user_id = ${filter.assignedTo}` : none}
      ${filter.unassigned ? sql`and c.assigned_support_user_id is null` : none}
      ${filter.cursor ? sql`and (c.last_message_at, c.id) < (select last_message_at, id from support_conversations where id = ${filter.cursor})` : none}
    order by c.last_message_at desc, c.id desc
    limit ${limit + 1}`;
  return rows.slice(0, limit).map((row) => row.id);
}

/**
 * domain/search.ts's two passes: the most recent conversations first (a look at the newest 100, all
 * 200 if the look found some; each one's newest 200 messages read, a longer one looked up in the
 * messages' index), then the index.
 */
async function rawSearch(sql: postgres.Sql, query: string, limit: number): Promise<string[]> {
  const q = sql`to_tsquery('simple', ${query})`;
  const candidates = sql`array(select u.id from users u where to_tsvector('simple', u.name || ' ' || u.email) @@ ${q})`;
  const messageMatches = sql`select mm.conversation_id from support_messages mm where mm.search_words @@ ${q}`;
  const recent = async (window: number) => {
    const [row] = await sql<{ ids: string[] | null; scanned: number }[]>`
      select array(
        select r.id from (
          select c.id, c.last_message_at as at, (c.search_vector @@ ${q} or c.candidate_user_id = any(${candidates})) as hit
          from support_conversations c where c.deleted_at is null
          order by c.last_message_at desc, c.id desc limit ${window}
        ) r
        cross join lateral (
          select bool_or(s.search_words @@ ${q}) as hit, count(*) >= 200 as long
          from (select mm.search_words from support_messages mm where mm.conversation_id = r.id
            order by mm.created_at desc, mm.id desc limit 200) s
        ) w
        where r.hit or w.hit or (w.long and r.id = any(array(${messageMatches})))
        order by r.at desc, r.id desc limit ${limit}
      ) as ids,
      (select count(*)::int from (select 1 from support_conversations c where c.deleted_at is null limit ${window}) w) as scanned`;
    return { ids: row?.ids ?? [], scanned: row?.scanned ?? 0 };
  };
  let found = await recent(100);
  if (found.ids.length === limit || found.scanned < 100) return found.ids;
  if (found.ids.length > 0) {
    found = await recent(200);
    if (found.ids.length === limit || found.scanned < 200) return found.ids;
  }
  const rows = await sql<{ id: string }[]>`
    select c.id from support_conversations c
    where c.deleted_at is null and c.id = any(array(
      select s.id from support_conversations s where s.search_vector @@ ${q}
      union
      select s.id from support_conversations s where s.candidate_user_id = any(${candidates})
      union
      ${messageMatches}
    ))
    order by c.last_message_at desc, c.id desc limit ${limit}`;
  return rows.map((row) => row.id);
}

/**
 * message.list with `before`, as the simplest program would read it: a keyset page of the messages
 * and their senders, nothing else (no access check, no event number). Not a copy of ours
 * (domain/message-queries.ts): the ratio is what our statement's extra work costs.
 */
export async function rawMessagePage(
  sql: postgres.Sql,
  conversationId: string,
  before: string,
  limit: number,
): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select m.*, u.name as sender_name
    from support_messages m join users u on u.id = m.sender_user_id
    where m.conversation_id = ${conversationId}::uuid
      and (m.created_at, m.id) < (select created_at, id from support_messages where id = ${before}::uuid)
    order by m.created_at desc, m.id desc
    limit ${limit + 1}`;
  return rows
    .map((row) => row.id)
    .slice(0, limit)
    .reverse();
}
