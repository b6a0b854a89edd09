import type { Executor, SQL } from "@atiende/db";
import { and, desc, or, selectRows, sql, supportConversations, users } from "@atiende/db";

/**
 * Turns what someone typed into a PostgreSQL prefix query ("pag tarj" → `pag:* & tarj:*`), or null
 * when nothing searchable is left. Only letters, digits and the joints of emails and hosts survive,
 * so no input can break the query syntax.
 */
export function toPrefixQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}\p{N}@._-]/gu, "").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((word) => `${word}:*`).join(" & ") : null;
}

/**
 * A person whose name or email has words starting with what was typed, or whose email starts with
 * it as typed (in any case). The second half is what finds a whole address: the word parser splits
 * some (at a `+`, an apostrophe, an accent) into words the typed text, cleaned for a full-text
 * query, no longer lines up with. Undefined when nothing was typed.
 */
export function personMatches(text: string): SQL | undefined {
  const query = toPrefixQuery(text);
  const typed = text.trim().toLowerCase();
  if (!typed) return undefined;
  // LIKE's own signs (and its escape character) stand for themselves.
  const prefix = `${typed.replace(/[\\%_]/g, (sign) => `\\${sign}`)}%`;
  return or(
    query ? sql`to_tsvector('simple', ${users.name} || ' ' || ${users.email}) @@ to_tsquery('simple', ${query})` : undefined,
    sql`lower(${users.email}) like ${prefix}`,
  );
}

const c = supportConversations;

const tsquery = (query: string) => sql`to_tsquery('simple', ${query})`;
const matchingCandidates = (query: string) =>
  sql`array(select u.id from ${users} u where to_tsvector('simple', u.name || ' ' || u.email) @@ ${tsquery(query)})`;

/** The conversation's subject or messages (its search document), or its candidate, match. */
export const matches = (query: string) =>
  sql`(${c.searchVector} @@ ${tsquery(query)} or ${c.candidateUserId} = any(${matchingCandidates(query)}))`;

/** How many of the most recently active conversations the first pass looks through. */
const RECENT_WINDOW = 2000;

/**
 * The ids of the newest `limit` conversations that match `query` within `where`, newest activity
 * first. Prefix queries defeat the planner's estimates, so the search runs in two passes: a common
 * word is found among the most recent conversations (reading the activity index); when that window
 * runs out before the page is full, the full-text index lists every match and only those are sorted.
 */
export async function searchConversationIds(
  db: Executor,
  where: SQL | undefined,
  query: string,
  limit: number,
  window = RECENT_WINDOW,
): Promise<string[]> {
  const [recent] = await selectRows<{ ids: string[] | null; scanned: number }>(
    db,
    sql`with recent as (
      select ${c.id} as id, ${c.lastMessageAt} as at, ${matches(query)} as hit from ${c}
      where ${and(sql`${c.deletedAt} is null`, where)}
      order by ${c.lastMessageAt} desc, ${c.id} desc limit ${window}
    )
    select (select array_agg(id) from (select id from recent where hit order by at desc, id desc limit ${limit}) h) as ids,
      (select count(*)::int from recent) as scanned`,
  );
  const ids = recent?.ids ?? [];
  if (ids.length === limit || (recent?.scanned ?? 0) < window) return ids;

  const rows = await db
    .select({ id: c.id })
    .from(c)
    .where(
      and(
        sql`${c.deletedAt} is null`,
        where,
        sql`${c.id} = any(array(
          select s.id from ${c} s where s.search_vector @@ ${tsquery(query)}
          union
          select s.id from ${c} s where s.candidate_user_id = any(${matchingCandidates(query)})
        ))`,
      ),
    )
    .orderBy(desc(c.lastMessageAt), desc(c.id))
    .limit(limit);
  return rows.map((row) => row.id);
}
