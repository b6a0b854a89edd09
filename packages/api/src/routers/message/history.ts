import type { Executor } from "@atiende/db";
import {
  and,
  asc,
  desc,
  eq,
  isNull,
  sql,
  supportConversations,
  supportMessages,
  users,
} from "@atiende/db";

import {
  assertCanSeeConversation,
  visibleConversationsFor,
  visibleMessagesFor,
} from "../../domain/access";
import { prepared } from "../../domain/prepared";
import type { Viewer } from "../../domain/roles";
import { isStaff } from "../../domain/roles";
import type { MessageView } from "../../domain/views";

export type HistoryDirection = "latest" | "before" | "after";

const c = supportConversations;
const m = supportMessages;

/**
 * The conversation row, and beside it (a lateral join) a page of the messages the viewer may see:
 * one statement, so one round trip. A candidate's condition is inside the lateral too, so the
 * messages of someone else's conversation are never read; the row still comes back, without them,
 * for the access check to tell FORBIDDEN from NOT_FOUND.
 */
function historyQuery(db: Executor, viewer: Viewer, direction: HistoryDirection) {
  const conversationId = sql.placeholder("conversationId");
  // Compare against the cursor message's own row so no timestamp precision is lost. `is not
  // distinct from` means `=` here (neither side is null) but is no index condition: with `=`, the
  // generic plan a prepared statement switches to after five runs looks the cursor up by scanning
  // the conversation's part of (conversation_id, created_at, id), ~1.3 ms in a 50,000-message
  // one, instead of by its primary key.
  const cursorRow = sql`(select created_at, id from ${m} where id = ${sql.placeholder("cursor")} and conversation_id is not distinct from ${conversationId})`;
  const cursor =
    direction === "after"
      ? sql`(${m.createdAt}, ${m.id}) > ${cursorRow}`
      : direction === "before"
        ? sql`(${m.createdAt}, ${m.id}) < ${cursorRow}`
        : undefined;
  const order = direction === "after" ? asc : desc;
  const page = db
    .select({
      id: m.id,
      conversationId: m.conversationId,
      senderUserId: m.senderUserId,
      content: m.content,
      messageType: m.messageType,
      attachmentUrl: m.attachmentUrl,
      attachmentName: m.attachmentName,
      attachmentMimeType: m.attachmentMimeType,
      attachmentSizeBytes: m.attachmentSizeBytes,
      clientMessageId: m.clientMessageId,
      createdAt: m.createdAt,
      editedAt: m.editedAt,
      // The subquery's columns need distinct names; the sender's id would clash with the message's.
      senderId: sql<string>`${users.id}`.as("sender_id"),
      senderName: users.name,
      senderRole: users.role,
    })
    .from(m)
    .innerJoin(users, eq(users.id, m.senderUserId))
    .where(
      and(
        // The id's value, not `c.id`: planned against an outer column, the planner assumes an
        // average conversation and hash-joins every older message of a long one (29 ms, not 1 ms).
        eq(m.conversationId, conversationId),
        visibleConversationsFor(viewer, sql.placeholder("viewerId")),
        visibleMessagesFor(viewer),
        cursor,
      ),
    )
    .orderBy(order(m.createdAt), order(m.id))
    .limit(sql.placeholder("limit"))
    .as("page");
  // Ordered again outside: the lateral's order is not the result's unless asked for (≤ 101 rows).
  return db
    .select({
      candidateUserId: c.candidateUserId,
      lastSeq: c.lastSeq,
      message: {
        id: page.id,
        conversationId: page.conversationId,
        senderUserId: page.senderUserId,
        content: page.content,
        messageType: page.messageType,
        attachmentUrl: page.attachmentUrl,
        attachmentName: page.attachmentName,
        attachmentMimeType: page.attachmentMimeType,
        attachmentSizeBytes: page.attachmentSizeBytes,
        clientMessageId: page.clientMessageId,
        createdAt: page.createdAt,
        editedAt: page.editedAt,
      },
      sender: { id: page.senderId, name: page.senderName, role: page.senderRole },
    })
    .from(c)
    .leftJoinLateral(page, sql`true`)
    .where(and(eq(c.id, conversationId), isNull(c.deletedAt)))
    .orderBy(order(page.createdAt), order(page.id));
}

/** The statement's rows, before any check: exported for tests of what it reads. */
export function selectHistoryRows(
  db: Executor,
  viewer: Viewer,
  conversationId: string,
  direction: HistoryDirection,
  cursor: string | null,
  limit: number,
) {
  const query = prepared(
    db,
    `history:${direction}:${isStaff(viewer) ? "staff" : "candidate"}`,
    (name) => historyQuery(db, viewer, direction).prepare(name),
  );
  return query.execute({ conversationId, cursor, limit, viewerId: viewer.id });
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
  db: Executor,
  viewer: Viewer,
  conversationId: string,
  direction: HistoryDirection,
  cursor: string | null,
  limit: number,
): Promise<HistoryPage> {
  const rows = await selectHistoryRows(db, viewer, conversationId, direction, cursor, limit);
  const [conversation] = rows;
  assertCanSeeConversation(viewer, conversation);
  // A conversation without (visible) messages comes back as one row with the page's side null.
  const messages = rows.flatMap(({ message, sender }) =>
    message && sender ? [{ ...message, sender }] : [],
  );
  return { rows: messages, lastSeq: conversation.lastSeq };
}
