import type { AuditEntry, Executor } from "@atiende/db";
import { and, eq, inArray, isNull, notificationDeliveries } from "@atiende/db";

import type { NotificationConfig } from "../config";
import type { DeliveryQueue } from "../webhooks";
import type { MessageToTell } from "./recipients";

/**
 * Opens the emails the relay's new messages call for, in the relay's transaction: one per recipient
 * and conversation, unless an email about that conversation is already waiting to start, which
 * will gather it. Whether it is still unread, wanted and the agent away is decided when it is due.
 */
export async function recordNotifications(tx: Executor, queue: DeliveryQueue, told: MessageToTell[], config: NotificationConfig) {
  if (!config.email || told.length === 0) return;
  const conversationIds = [...new Set(told.map((t) => t.conversationId))];
  const waiting = await tx
    .select({ userId: notificationDeliveries.userId, conversationId: notificationDeliveries.conversationId })
    .from(notificationDeliveries)
    .where(
      and(
        inArray(notificationDeliveries.conversationId, conversationIds),
        eq(notificationDeliveries.status, "pending"),
        isNull(notificationDeliveries.startedAt),
      ),
    );
  const opened = new Set(waiting.map((w) => `${w.userId}/${w.conversationId}`));

  const due = told.flatMap(({ entry, conversationId, recipientId }) => {
    const key = `${recipientId}/${conversationId}`;
    if (opened.has(key)) return [];
    opened.add(key);
    return [{ userId: recipientId, conversationId, auditId: entry.id, nextAttemptAt: dueAfter(entry, config.emailDelayMs) }];
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

export const dueAfter = (entry: AuditEntry, delayMs: number) => new Date(entry.createdAt.getTime() + delayMs);
