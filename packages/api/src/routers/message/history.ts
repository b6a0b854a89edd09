import type { Database } from "@atiende/db";
import { runStatement } from "@atiende/db";

import { assertCanSeeConversation } from "../../domain/access";
import type { Viewer } from "../../domain/roles";
import { isStaff } from "../../domain/roles";
import type { MessageView } from "../../domain/views";
import type { MessageColumnsRow } from "./columns";
import { messageColumnsFromRow } from "./columns";

export type HistoryDirection = "latest" | "before" | "after";

/** A row of the statement: the conversation's columns, then the message's (null when none). */
export interface HistoryRow extends Record<string, unknown>, MessageColumnsRow {
  candidate_user_id: string;
  last_seq: number;
  id: string | null;
  conversation_id: string;
  sender_user_id: string;
  sender_id: string;
  sender_name: string;
  sender_role: string;
}

/*
 * The conversation row and beside it (a lateral join) a page of the messages the viewer may see:
 * one statement, so one round trip. $1 the conversation, $2 the limit, then the cursor message
 * (before / after) and the viewer (candidates), in that order.
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
 *  - The result is ordered again outside: the lateral's order is not the result's unless asked for.
 * A fixed text per shape, run through `runStatement` rather than drizzle's builder: mapping the
 * lateral subquery's aliased columns cost drizzle ~0.4 ms of CPU per 50-message page, more than
 * the round trip this statement saves.
 */
function historyStatement(direction: HistoryDirection, staff: boolean): string {
  const order = direction === "after" ? "asc" : "desc";
  const cursor =
    direction === "latest"
      ? ""
      : `and (m.created_at, m.id) ${direction === "after" ? ">" : "<"} (
          select created_at, id from support_messages
          where id = $3::uuid and conversation_id is not distinct from $1::uuid)`;
  const candidate = staff
    ? ""
    : `and c.candidate_user_id = $${direction === "latest" ? 3 : 4}::uuid and m.message_type <> 'note'`;
  return `
select c.candidate_user_id, c.last_seq, page.*
from support_conversations c
left join lateral (
  select m.id, m.conversation_id, m.sender_user_id, m.content, m.message_type, m.attachment_url,
    m.attachment_name, m.attachment_mime_type, m.attachment_size_bytes, m.client_message_id,
    m.created_at, m.edited_at, u.id as sender_id, u.name as sender_name, u.role as sender_role
  from support_messages m
  join users u on u.id = m.sender_user_id
  where m.conversation_id = $1::uuid ${candidate} ${cursor}
  order by m.created_at ${order}, m.id ${order}
  limit $2::int
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
  cursor: string | null,
  limit: number,
): Promise<HistoryRow[]> {
  const staff = isStaff(viewer);
  const params: unknown[] = [conversationId, limit];
  if (direction !== "latest") params.push(cursor);
  if (!staff) params.push(viewer.id);
  return runStatement<HistoryRow>(db, historyStatement(direction, staff), params);
}

function toMessageView(row: HistoryRow, id: string): MessageView {
  return {
    id,
    conversationId: row.conversation_id,
    senderUserId: row.sender_user_id,
    ...messageColumnsFromRow(row),
    sender: { id: row.sender_id, name: row.sender_name, role: row.sender_role },
  };
}

export interface HistoryPage {
  /** Newest first, or oldest first `after` a cursor; `limit` at most. */
  rows: MessageView[];
  /**
   * From the same statement as the rows, so from the same snapshot. A change to the conversation
   * (a message sent or edited) commits together with the event number it took under the row's
   * lock, so the snapshot holds every change numbered up to `lastSeq` and none numbered after:
   * as good as reading it before the messages, which is what `MessagePage.lastSeq` relies on.
   */
  lastSeq: number;
}

/**
 * Up to `limit` messages of a conversation, the latest ones or those just `before` / `after` the
 * `cursor` message, behind `getConversationFor`'s check (same errors), in one round trip.
 */
export async function readHistory(
  db: Database,
  viewer: Viewer,
  conversationId: string,
  direction: HistoryDirection,
  cursor: string | null,
  limit: number,
): Promise<HistoryPage> {
  const rows = await selectHistoryRows(db, viewer, conversationId, direction, cursor, limit);
  const [first] = rows;
  const conversation = first && {
    candidateUserId: first.candidate_user_id,
    lastSeq: first.last_seq,
  };
  assertCanSeeConversation(viewer, conversation);
  // A conversation without (visible) messages comes back as one row whose message side is null.
  const messages = rows.flatMap((row) => (row.id === null ? [] : [toMessageView(row, row.id)]));
  return { rows: messages, lastSeq: conversation.lastSeq };
}
