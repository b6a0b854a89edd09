import type { SQL } from "drizzle-orm";
import { sql } from "drizzle-orm";

/** The words of `text` as the inbox search indexes them: no stemming, no positions. */
export const searchDocument = (text: SQL) => sql`strip(to_tsvector('simple', ${text}))`;

/** The searchable words of a message, as SQL text: its text and its attachment's name. */
const messageWordsText = (content: string, attachmentName: string) =>
  `strip(to_tsvector('simple', ${content} || ' ' || coalesce(${attachmentName}, '')))`;

/**
 * `support_messages.search_words`, a stored generated column: every write of a message (send,
 * edit, seed, import) keeps it right. Internal notes are the team's own and automatic answers are
 * the same canned text everywhere, so neither has words to find a conversation by.
 */
export const messageSearchWordsColumn = sql.raw(
  `case when message_type in ('note', 'auto_reply') then null else ${messageWordsText("content", "attachment_name")} end`,
);

/**
 * Recomputes the search documents (the subject's words) of the conversations `where` selects
 * (alias `c`), for data written outside the API (seeds, imports). Messages carry their own words.
 */
export const rebuildSearchDocuments = (where: SQL) => sql`
  update support_conversations c
  set search_vector = ${searchDocument(sql`coalesce(c.subject, '')`)}
  where ${where}`;
