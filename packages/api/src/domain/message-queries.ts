import type { Database, Message } from "@atiende/db";
import { runStatement } from "@atiende/db";

import { assertCanSeeConversation } from "./access";
import type { Viewer } from "./roles";
import { isStaff } from "./roles";
import type { MessageView } from "./views";

/*
 * The one read of messages: every message the API returns (history pages by keyset or by page
 * number, the live feeds' catch-up, REST, the webhooks' sources aside) is selected with these
 * columns and turned into a MessageView by `toMessageView`.
 */

/** A message with its sender: the select list and joins of every read (m, u). */
const MESSAGE_SELECT = `m.id, m.conversation_id, m.sender_user_id, m.content, m.message_type, m.attachment_url,
    m.attachment_name, m.attachment_mime_type, m.attachment_size_bytes, m.client_message_id,
    m.created_at, m.edited_at, u.id as sender_id, u.name as sender_name, u.role as sender_role
  from support_messages m
  join users u on u.id = m.sender_user_id`;

/** A message's own columns as raw SQL returns them (reads, and the send's statement). */
export interface MessageColumnsRow {
  content: string;
  message_type: Message["messageType"];
  attachment_url: string | null;
  attachment_name: string | null;
  attachment_mime_type: string | null;
  attachment_size_bytes: number | string | bigint | null;
  client_message_id: string | null;
  created_at: Date | string;
  edited_at: Date | string | null;
}

interface MessageRow extends Record<string, unknown>, MessageColumnsRow {
  id: string;
  conversation_id: string;
  sender_user_id: string;
  sender_id: string;
  sender_name: string;
  sender_role: string;
}

// Drizzle turns off postgres.js's own date and bigint parsing; PGlite's still parses them.
const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** Those columns as the API returns them. */
export function messageColumnsFromRow(row: MessageColumnsRow) {
  return {
    content: row.content,
    messageType: row.message_type,
    attachmentUrl: row.attachment_url,
    attachmentName: row.attachment_name,
    attachmentMimeType: row.attachment_mime_type,
    attachmentSizeBytes: row.attachment_size_bytes === null ? null : Number(row.attachment_size_bytes),
    clientMessageId: row.client_message_id,
    createdAt: toDate(row.created_at),
    editedAt: row.edited_at === null ? null : toDate(row.edited_at),
  };
}

function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    senderUserId: row.sender_user_id,
    ...messageColumnsFromRow(row),
    sender: { id: row.sender_id, name: row.sender_name, role: row.sender_role },
  };
}

/** Messages by id, in no particular order; ids that do not exist are left out. */
export async function readMessagesById(db: Database, ids: readonly string[]): Promise<MessageView[]> {
  if (ids.length === 0) return [];
  const rows = await runStatement<MessageRow>(db, `select ${MESSAGE_SELECT} where m.id = any($1::uuid[])`, [ids]);
  return rows.map(toMessageView);
}

export async function getMessageView(db: Database, id: string): Promise<MessageView> {
  const [message] = await readMessagesById(db, [id]);
  if (!message) throw new Error(`Message ${id} is missing`);
  return message;
}

/** Where a history page starts: the latest messages, those before / after a message, or a page number's offset. */
export type HistoryDirection = "latest" | "before" | "after" | "page";

/** A row of the history statement: the conversation's columns, then a message's (null when none). */
export interface HistoryRow extends Record<string, unknown> {
  candidate_user_id: string;
  last_seq: number;
  /** Page numbers only: how many messages the viewer may see in all. */
  total?: number | string;
  id: string | null;
}

/*
 * The conversation row and beside it (a lateral join) a page of the messages the viewer may see:
 * one statement, so one round trip. $1 the conversation, $2 the limit, then the cursor message
 * (before / after) or the offset (page), then the viewer (candidates), in that order.
 *  - A candidate's conditions (domain/access.ts's canSeeConversation and canSeeMessage, in SQL)
 *    are inside the lateral, so the messages of someone else's conversation are never read; the
 *    row still comes back, without them, for the access check to tell FORBIDDEN from NOT_FOUND.
 *  - The lateral filters on $1, not `c.id`: planned against an outer column, the planner assumes
 *    an average conversation and hash-joins every older message of a long one (29 ms, not 1 ms).
 *  - The cursor is compared through its own row so no timestamp precision is lost. Its conversation
 *    is matched with `is not distinct from`, which means `=` here (neither side is null) but is no
 *    index condition: with `=`, the generic plan a prepared statement switches to after five runs
 *    looks the cursor up by scanning the conversation's part of (conversation_id, created_at, id),
 *    ~1.3 ms in a 50,000-message one, instead of by its primary key.
 *  - Page numbers (the specifications' `page` / `per_page`) count from the oldest message and
 *    carry the total, from the same snapshot.
 *  - The result is ordered again outside: the lateral's order is not the result's unless asked for.
 * A fixed text per shape, run through `runStatement` rather than drizzle's builder: mapping the
 * lateral subquery's aliased columns cost drizzle ~0.4 ms of CPU per 50-message page, more than
 * the round trip this statement saves.
 */
function historyStatement(direction: HistoryDirection, staff: boolean): string {
  const order = direction === "after" || direction === "page" ? "asc" : "desc";
  const cursor =
    direction === "before" || direction === "after"
      ? `and (m.created_at, m.id) ${direction === "after" ? ">" : "<"} (
          select created_at, id from support_messages
          where id = $3::uuid and conversation_id is not distinct from $1::uuid)`
      : "";
  const visible = staff
    ? ""
    : `and c.candidate_user_id = $${direction === "latest" ? 3 : 4}::uuid and m.message_type <> 'note'`;
  const total =
    direction === "page"
      ? `, (select count(*) from support_messages m where m.conversation_id = $1::uuid ${visible}) as total`
      : "";
  return `
select c.candidate_user_id, c.last_seq${total}, page.*
from support_conversations c
left join lateral (
  select ${MESSAGE_SELECT}
  where m.conversation_id = $1::uuid ${visible} ${cursor}
  order by m.created_at ${order}, m.id ${order}
  limit $2::int ${direction === "page" ? "offset $3::bigint" : ""}
) page on true
where c.id = $1::uuid and c.deleted_at is null
order by page.created_at ${order}, page.id ${order}`;
}

/** The statement's rows, before any check: exported for tests of what it reads. */
export function selectHistoryRows(
  db: Database,
  viewer: Viewer,
  conversationId: string,
  direction: HistoryDirection,
  /** The cursor message (before / after) or the offset (page). */
  from: string | number | null,
  limit: number,
): Promise<HistoryRow[]> {
  const staff = isStaff(viewer);
  const params: unknown[] = [conversationId, limit];
  if (direction !== "latest") params.push(from);
  if (!staff) params.push(viewer.id);
  return runStatement<HistoryRow>(db, historyStatement(direction, staff), params);
}

export interface HistoryPage {
  /** Newest first, or oldest first `after` a cursor or by page number; `limit` at most. */
  rows: MessageView[];
  /**
   * From the same statement as the rows, so from the same snapshot. A change to the conversation
   * (a message sent or edited) commits together with the event number it took under the row's
   * lock, so the snapshot holds every change numbered up to `lastSeq` and none numbered after:
   * as good as reading it before the messages, which is what a live subscription relies on.
   */
  lastSeq: number;
  /** Page numbers only: the messages the viewer may see in all. */
  total: number;
}

/**
 * Up to `limit` messages of a conversation, the latest ones, those just `before` / `after` the
 * cursor message, or those at an offset from the oldest, behind `getConversationFor`'s check (same
 * errors), in one round trip.
 */
export async function readHistory(
  db: Database,
  viewer: Viewer,
  conversationId: string,
  direction: HistoryDirection,
  from: string | number | null,
  limit: number,
): Promise<HistoryPage> {
  const rows = await selectHistoryRows(db, viewer, conversationId, direction, from, limit);
  const [first] = rows;
  const conversation = first && { candidateUserId: first.candidate_user_id, lastSeq: first.last_seq };
  assertCanSeeConversation(viewer, conversation);
  // A conversation without (visible) messages comes back as one row whose message side is null.
  const messages = rows.flatMap((row) => (row.id === null ? [] : [toMessageView(row as unknown as MessageRow)]));
  return { rows: messages, lastSeq: conversation.lastSeq, total: Number(first?.total ?? 0) };
}
