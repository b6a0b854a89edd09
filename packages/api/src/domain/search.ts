import type { SQL } from "@atiende/db";
import { sql, supportConversations, supportMessages, users } from "@atiende/db";

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
 * Conversations whose subject, candidate (name or email) or a message matches the query. Each arm
 * uses its own GIN index (see the `*_search_idx` indexes); `messages` narrows which messages count.
 */
export function conversationSearch(query: string, messages: SQL | undefined): SQL {
  const tsquery = sql`to_tsquery('simple', ${query})`;
  const c = supportConversations;
  const m = supportMessages;
  return sql`${c.id} in (
    select s.id from ${c} s where to_tsvector('simple', coalesce(s.subject, '')) @@ ${tsquery}
    union
    select s.id from ${c} s join ${users} u on u.id = s.candidate_user_id
      where to_tsvector('simple', u.name || ' ' || u.email) @@ ${tsquery}
    union
    select ${m.conversationId} from ${m}
      where to_tsvector('simple', ${m.content}) @@ ${tsquery}${messages ? sql` and ${messages}` : sql``}
  )`;
}
