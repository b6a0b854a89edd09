import type { SQL } from "drizzle-orm";
import { sql } from "drizzle-orm";

/** The words of `text` as the inbox search indexes them: no stemming, no positions. */
export const searchDocument = (text: SQL) => sql`strip(to_tsvector('simple', ${text}))`;

/** What a message adds to its conversation's search document (notes add nothing). */
export const messageWords = (content: SQL, attachmentName: SQL) =>
  searchDocument(sql`${content} || ' ' || coalesce(${attachmentName}, '')`);

/** `messageWords` as SQL text, for statements written out in full (columns named by `content` and `attachmentName`). */
export const messageWordsText = (content: string, attachmentName: string) =>
  `strip(to_tsvector('simple', ${content} || ' ' || coalesce(${attachmentName}, '')))`;

/**
 * Recomputes the search documents of the conversations `where` selects (alias `c`) from their
 * subject and messages, for data written outside the API (seeds, imports).
 */
export const rebuildSearchDocuments = (where: SQL) => sql`
  update support_conversations c
  set search_vector = ${searchDocument(sql`coalesce(c.subject, '') || ' ' || coalesce((
    select string_agg(m.content || ' ' || coalesce(m.attachment_name, ''), ' ') from support_messages m
    where m.conversation_id = c.id and m.message_type <> 'note'
  ), '')`)}
  where ${where}`;
