import type { Executor } from "@atiende/db";
import {
  and,
  asc,
  auditLog,
  eq,
  gte,
  inArray,
  isNotNull,
  lt,
  selectRows,
  sql,
  supportConversations,
  supportMessages,
} from "@atiende/db";

import { canSeeMessage } from "../domain/access";
import type { Viewer } from "../domain/roles";
import { isStaff } from "../domain/roles";
import type { ConversationView, MessageView } from "../domain/views";
import { selectConversationViews } from "../domain/conversation-queries";
import { selectMessages } from "../domain/message-queries";

/** What `live.inbox` delivers: a conversation as it is now, after some change to it. */
export type InboxEvent =
  | {
      type: "conversation.changed";
      action: string;
      conversation: ConversationView;
      message: MessageView | null;
    }
  | { type: "presence"; userId: string; name: string; status: "online" | "away" | "offline" };

/**
 * A position in the feed of every conversation's changes: all of transaction `txId`'s rows before
 * the `index`-th, and every row of earlier transactions, have been delivered.
 */
export interface FeedCursor {
  txId: number;
  index: number;
}

export const formatFeedId = (cursor: FeedCursor) => `${cursor.txId}:${cursor.index}`;

export function parseFeedId(id: string | null | undefined): FeedCursor | null {
  const match = /^(\d{1,18}):(\d{1,9})$/.exec(id ?? "");
  return match ? { txId: Number(match[1]), index: Number(match[2]) } : null;
}

/**
 * The oldest transaction still running (everything below it has settled), and whether rows above
 * it are already visible (a later transaction committed before an earlier one), in one statement.
 */
async function readWatermark(db: Executor): Promise<{ watermark: number; ahead: boolean }> {
  const [row] = await selectRows<{ xmin: string; ahead: boolean }>(
    db,
    sql`select w.xmin::text as xmin, exists (
      select 1 from ${auditLog} a where a.tx_id >= w.xmin and a.conversation_id is not null
    ) as ahead
    from (select txid_snapshot_xmin(txid_current_snapshot()) as xmin) w`,
  );
  return { watermark: Number(row?.xmin ?? 0), ahead: row?.ahead ?? false };
}

/** Where a new reader starts: everything already settled counts as delivered. */
export async function feedWatermark(db: Executor): Promise<number> {
  return (await readWatermark(db)).watermark;
}

const BATCH = 200;

/**
 * The viewer's next inbox events after `cursor`. Transaction ids are handed out when a writer
 * starts, not when it commits, so only rows below the watermark are read; `pending` says that
 * later rows are already visible and a reader should look again shortly.
 */
export async function readInboxEvents(
  db: Executor,
  viewer: Viewer,
  cursor: FeedCursor,
): Promise<{ events: { id: string; event: InboxEvent }[]; cursor: FeedCursor; pending: boolean }> {
  const { watermark, ahead } = await readWatermark(db);
  const visibleTo = isStaff(viewer) ? undefined : eq(supportConversations.candidateUserId, viewer.id);
  const rows = await db
    .select({
      txId: auditLog.txId,
      conversationId: auditLog.conversationId,
      action: auditLog.action,
      messageId: auditLog.messageId,
    })
    .from(auditLog)
    .innerJoin(supportConversations, eq(supportConversations.id, auditLog.conversationId))
    .where(
      and(
        isNotNull(auditLog.conversationId),
        gte(auditLog.txId, cursor.txId),
        lt(auditLog.txId, watermark),
        visibleTo,
      ),
    )
    .orderBy(asc(auditLog.txId), asc(auditLog.conversationId), asc(auditLog.seq))
    .limit(BATCH + cursor.index);

  // Number each row within its transaction, then drop what the cursor has already delivered.
  let position = 0;
  const numbered = rows.map((row, i) => {
    position = i > 0 && rows[i - 1]?.txId === row.txId ? position + 1 : 0;
    return { ...row, next: { txId: row.txId, index: position + 1 } };
  });
  const fresh = numbered.filter((row) => row.txId > cursor.txId || row.next.index > cursor.index);

  const conversationIds = [...new Set(fresh.map((row) => row.conversationId).filter(isString))];
  const messageIds = fresh.filter((r) => r.action === "message.created").map((r) => r.messageId).filter(isString);
  const [views, messages] = await Promise.all([
    conversationIds.length
      ? selectConversationViews(db, viewer, inArray(supportConversations.id, conversationIds), conversationIds.length)
      : [],
    messageIds.length ? selectMessages(db, inArray(supportMessages.id, messageIds)) : [],
  ]);
  const viewById = new Map(views.map((view) => [view.id, view]));
  const messageById = new Map(messages.map((message) => [message.id, message]));

  const events = fresh.flatMap((row) => {
    const conversation = row.conversationId ? viewById.get(row.conversationId) : undefined;
    if (!conversation) return [];
    const message = row.messageId ? (messageById.get(row.messageId) ?? null) : null;
    if (message && !canSeeMessage(viewer, message)) return [];
    const event: InboxEvent = { type: "conversation.changed", action: row.action, conversation, message };
    return [{ id: formatFeedId(row.next), event }];
  });

  const last = numbered.at(-1);
  const exhausted = rows.length < BATCH + cursor.index;
  const nextCursor =
    exhausted && watermark > cursor.txId ? { txId: watermark, index: 0 } : (last?.next ?? cursor);
  return { events, cursor: nextCursor, pending: exhausted && ahead };
}

const isString = (value: string | null): value is string => typeof value === "string";
