import type { AuditEntry, Executor } from "@atiende/db";
import {
  and,
  eq,
  inArray,
  isNull,
  notificationDeliveries,
  supportConversations,
  supportMessages,
} from "@atiende/db";

import type { NotificationConfig } from "../config";
import type { DeliveryQueue } from "../webhooks";

/**
 * Opens the emails the relay's new audit rows call for, in the relay's transaction: a message the
 * candidate can see tells the other side (the team's reply the candidate, the candidate's message
 * the assigned agent), unless an email about that conversation is already waiting to start, which
 * will gather it. Whether it is still unread, wanted and the agent away is decided when it is due.
 */
export async function recordNotifications(tx: Executor, queue: DeliveryQueue, rows: AuditEntry[], config: NotificationConfig) {
  if (!config.email) return;
  const created = rows.filter((row) => row.action === "message.created" && row.messageId && row.conversationId);
  if (created.length === 0) return;
  const messageIds = created.flatMap((row) => (row.messageId ? [row.messageId] : []));
  const conversationIds = [...new Set(created.flatMap((row) => (row.conversationId ? [row.conversationId] : [])))];
  const [messages, conversations, waiting] = await Promise.all([
    tx
      .select({ id: supportMessages.id, type: supportMessages.messageType, senderUserId: supportMessages.senderUserId })
      .from(supportMessages)
      .where(inArray(supportMessages.id, messageIds)),
    tx
      .select({
        id: supportConversations.id,
        candidateUserId: supportConversations.candidateUserId,
        assigneeId: supportConversations.assignedSupportUserId,
      })
      .from(supportConversations)
      .where(and(inArray(supportConversations.id, conversationIds), isNull(supportConversations.deletedAt))),
    tx
      .select({ userId: notificationDeliveries.userId, conversationId: notificationDeliveries.conversationId })
      .from(notificationDeliveries)
      .where(
        and(
          inArray(notificationDeliveries.conversationId, conversationIds),
          eq(notificationDeliveries.status, "pending"),
          isNull(notificationDeliveries.startedAt),
        ),
      ),
  ]);
  const messageById = new Map(messages.map((m) => [m.id, m]));
  const conversationById = new Map(conversations.map((c) => [c.id, c]));
  const opened = new Set(waiting.map((w) => `${w.userId}/${w.conversationId}`));

  const due = created.flatMap((row) => {
    const message = row.messageId ? messageById.get(row.messageId) : undefined;
    const conversation = row.conversationId ? conversationById.get(row.conversationId) : undefined;
    // Notes are the team's own; system lines tell nobody anything new.
    if (!message || !conversation || (message.type !== "text" && message.type !== "attachment")) return [];
    const recipient = message.senderUserId === conversation.candidateUserId ? conversation.assigneeId : conversation.candidateUserId;
    if (!recipient || recipient === message.senderUserId) return [];
    const key = `${recipient}/${conversation.id}`;
    if (opened.has(key)) return [];
    opened.add(key);
    return [
      {
        userId: recipient,
        conversationId: conversation.id,
        auditId: row.id,
        nextAttemptAt: new Date(row.createdAt.getTime() + config.emailDelayMs),
      },
    ];
  });
  if (due.length === 0) return;
  const stored = await tx
    .insert(notificationDeliveries)
    .values(due)
    .onConflictDoNothing()
    .returning({ id: notificationDeliveries.id, runAt: notificationDeliveries.nextAttemptAt });
  await queue.enqueue(
    tx,
    stored.map(({ id, runAt }) => ({ deliveryId: id, attempt: 1, kind: "notification" as const, runAt })),
  );
}
