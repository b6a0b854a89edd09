import type { Executor, SQL } from "@atiende/db";
import { and, desc, or, sql, supportConversations, supportMessages, users } from "@atiende/db";

import { prepared } from "./prepared";

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
const m = supportMessages;

/** A prefix query as a tsquery: its text, or the placeholder of a prepared statement. */
const tsquery = (query: string | ReturnType<typeof sql.placeholder>) => sql`to_tsquery('simple', ${query})`;
const matchingCandidates = (q: SQL) =>
  sql`array(select u.id from ${users} u where to_tsvector('simple', u.name || ' ' || u.email) @@ ${q})`;
/** Every conversation with a message whose words match, through the messages' full-text index. */
const conversationsWithMatchingMessages = (q: SQL) =>
  sql`select mm.conversation_id from ${m} mm where mm.search_words @@ ${q}`;

/**
 * The conversation's subject, its candidate, or any of its messages' words (notes and automatic
 * answers have none) match. For the page-numbered list; the inbox's search is `searchConversationIds`.
 */
export const matches = (query: string) =>
  sql`(${c.searchVector} @@ ${tsquery(query)} or ${c.candidateUserId} = any(${matchingCandidates(tsquery(query))})
    or exists (select 1 from ${m} mm where mm.conversation_id = ${c.id} and mm.search_words @@ ${tsquery(query)}))`;

/**
 * How many of the most recently active conversations the first pass looks through: a first look at
 * the newest FIRST_LOOK (enough for a word in a quarter of the conversations to fill a page of 20),
 * and the whole window only when that look found some match but not a page.
 */
const RECENT_WINDOW = 200;
const FIRST_LOOK = 100;
/**
 * How many of a conversation's newest messages the first pass reads; a longer conversation with no
 * match among them is looked up in the full-text index instead (once per search, only if needed).
 */
const MESSAGES_READ = 200;
// Written into the statement, not passed: a constant the planner sees plans the walk better.
const messagesRead = sql.raw(String(MESSAGES_READ));

/**
 * Which conversations a search looks among, as `selectConversationViewsPrepared` takes them: `where`
 * built with `sql.placeholder`s (its text fixed by `shape`), filled from `values`.
 */
export interface SearchScope {
  shape: string;
  where: () => SQL | undefined;
  values: Record<string, unknown>;
}

const EVERY_CONVERSATION: SearchScope = { shape: "all", where: () => undefined, values: {} };

/**
 * The newest `limit` matches among the `window` most recently active conversations of `scope`,
 * and how many conversations the window held. The walk stops at the page's last match. Prepared
 * once per scope's shape: planning this statement costs about as much as running it.
 */
async function recentMatches(db: Executor, scope: SearchScope, query: string, limit: number, window: number) {
  const statement = prepared(db, `search:${scope.shape}`, (name) => {
    const q = tsquery(sql.placeholder("query"));
    const inScope = and(sql`${c.deletedAt} is null`, scope.where());
    const recent = sql`select ${c.id} as id, ${c.lastMessageAt} as at,
        (${c.searchVector} @@ ${q} or ${c.candidateUserId} = any(${matchingCandidates(q)})) as hit
      from ${c} where ${inScope}
      order by ${c.lastMessageAt} desc, ${c.id} desc limit ${sql.placeholder("window")}`;
    return db
      .select({
        // A subquery keeps its order, so the walk can stop early (a CTE's rows would be sorted again).
        ids: sql<string[] | null>`array(
          select r.id from (${recent}) r
          cross join lateral (
            select bool_or(s.search_words @@ ${q}) as hit, count(*) >= ${messagesRead} as long
            from (select mm.search_words from ${m} mm where mm.conversation_id = r.id
              order by mm.created_at desc, mm.id desc limit ${messagesRead}) s
          ) w
          where r.hit or w.hit or (w.long and r.id = any(array(${conversationsWithMatchingMessages(q)})))
          order by r.at desc, r.id desc limit ${sql.placeholder("limit")}
        )`,
        scanned: sql<number>`(select count(*)::int from (select 1 from ${c} where ${inScope} limit ${sql.placeholder("window")}) w)`,
      })
      .from(sql`(select 1) one`)
      .prepare(name);
  });
  const [row] = await statement.execute({ ...scope.values, query, limit, window });
  return { ids: row?.ids ?? [], scanned: Number(row?.scanned ?? 0) };
}

/**
 * The ids of the newest `limit` conversations that match `query` within `where`, newest activity
 * first. The messages' full-text index answers a rare word in a few rows, but a common one costs it
 * tens of thousands (every match is read back from the table to learn its conversation), while such
 * a word is found at once among the most recent conversations. So the first pass walks the most
 * recent conversations, reading at most the newest MESSAGES_READ messages of each: a first look,
 * then the whole window if the look found the word at all; when that runs out before the page is
 * full, the index lists every match and only those are sorted. Prefix queries defeat the planner's
 * estimates, which is why the order is spelt out here rather than left to it.
 */
export async function searchConversationIds(
  db: Executor,
  scope: SearchScope | undefined,
  query: string,
  limit: number,
  window = RECENT_WINDOW,
  look = Math.min(FIRST_LOOK, window),
): Promise<string[]> {
  const within = scope ?? EVERY_CONVERSATION;
  let recent = await recentMatches(db, within, query, limit, look);
  if (recent.ids.length === limit || recent.scanned < look) return recent.ids;
  if (recent.ids.length > 0 && window > look) {
    recent = await recentMatches(db, within, query, limit, window);
    if (recent.ids.length === limit || recent.scanned < window) return recent.ids;
  }

  const statement = prepared(db, `search-index:${within.shape}`, (name) => {
    const q = tsquery(sql.placeholder("query"));
    return db
      .select({ id: c.id })
      .from(c)
      .where(
        and(
          sql`${c.deletedAt} is null`,
          within.where(),
          sql`${c.id} = any(array(
            select s.id from ${c} s where s.search_vector @@ ${q}
            union
            select s.id from ${c} s where s.candidate_user_id = any(${matchingCandidates(q)})
            union
            ${conversationsWithMatchingMessages(q)}
          ))`,
        ),
      )
      .orderBy(desc(c.lastMessageAt), desc(c.id))
      .limit(sql.placeholder("limit"))
      .prepare(name);
  });
  const rows = await statement.execute({ ...within.values, query, limit });
  return rows.map((row) => row.id);
}
