import type { AuditAction, Executor, PgUpdateSetSource } from "@atiende/db";
import { auditLog, eq, sql, supportConversations } from "@atiende/db";

export type { AuditAction } from "@atiende/db";

interface ConversationEvent {
  conversationId: string;
  /** Null for the system's own changes (automatic assignment). */
  actorUserId: string | null;
  action: AuditAction;
  messageId?: string;
  data?: Record<string, unknown>;
}

/**
 * Audits a change to a conversation and numbers it. Must run inside the transaction that makes the
 * change: bumping `last_seq` locks the conversation row until commit, so numbers within one
 * conversation commit in the order they were handed out and a reader never skips one.
 */
export async function recordConversationEvent(
  tx: Executor,
  event: ConversationEvent,
  /** Other columns of the conversation to change in the same statement. */
  changes: PgUpdateSetSource<typeof supportConversations> = {},
) {
  const [row] = await tx
    .update(supportConversations)
    .set({ ...changes, lastSeq: sql`${supportConversations.lastSeq} + 1` })
    .where(eq(supportConversations.id, event.conversationId))
    .returning({ seq: supportConversations.lastSeq });
  if (!row) throw new Error(`Conversation ${event.conversationId} vanished inside its transaction`);
  await tx.insert(auditLog).values({ ...event, seq: row.seq, data: event.data ?? {} });
  return row.seq;
}

/** Audits a change that belongs to no conversation (such as a user created on first sight). */
export async function recordEvent(
  db: Executor,
  event: { actorUserId: string | null; action: AuditAction; data?: Record<string, unknown> },
) {
  await db.insert(auditLog).values({ ...event, data: event.data ?? {} });
}
