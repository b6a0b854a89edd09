import type { AuditAction, Executor, PgUpdateSetSource, SQL } from "@atiende/db";
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
 * A conversation's event number after `events` more changes: the statement that makes a change
 * bumps `last_seq` on the conversation row (which locks it until commit), here and in the send.
 */
export const nextEventNumber = (events: SQL = sql`1`) => sql`last_seq + ${events}`;

/**
 * The audit rows `rows` gives, as (actor_user_id, action, conversation_id, message_id, seq, data):
 * a VALUES list or a query. Every audited change writes its rows through this.
 */
export const insertAuditRows = (rows: SQL) =>
  sql`insert into audit_log (actor_user_id, action, conversation_id, message_id, seq, data) ${rows}`;

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
    .set({ ...changes, lastSeq: nextEventNumber() })
    .where(eq(supportConversations.id, event.conversationId))
    .returning({ seq: supportConversations.lastSeq });
  if (!row) throw new Error(`Conversation ${event.conversationId} vanished inside its transaction`);
  await tx.execute(
    insertAuditRows(
      sql`values (${event.actorUserId}::uuid, ${event.action}::text, ${event.conversationId}::uuid,
        ${event.messageId ?? null}::uuid, ${row.seq}::int, ${JSON.stringify(event.data ?? {})}::jsonb)`,
    ),
  );
  return row.seq;
}

/** Audits a change that belongs to no conversation (such as a user created on first sight). */
export async function recordEvent(
  db: Executor,
  event: { actorUserId: string | null; action: AuditAction; data?: Record<string, unknown> },
) {
  await db.insert(auditLog).values({ ...event, data: event.data ?? {} });
}
