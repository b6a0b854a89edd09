import type { Executor } from "@atiende/db";
import { and, inArray, isNull, pushDeliveries, pushSubscriptions } from "@atiende/db";

import type { PushConfig } from "../../config";
import type { DeliveryQueue } from "../../webhooks";
import type { MessageToTell } from "../recipients";
import { dueAfter } from "../record";

/**
 * Opens one push per device of each recipient, in the relay's transaction; the unique (device,
 * audit row) index refuses a second copy if the batch is relayed again. Due a short delay later:
 * whether the message is still unread (no tab of theirs showed it) is decided then.
 */
export async function recordPushes(
  tx: Executor,
  queue: DeliveryQueue,
  told: MessageToTell[],
  config: PushConfig,
) {
  if (told.length === 0) return;
  const recipients = [...new Set(told.map((t) => t.recipientId))];
  const devices = await tx
    .select({ id: pushSubscriptions.id, userId: pushSubscriptions.userId })
    .from(pushSubscriptions)
    .where(and(inArray(pushSubscriptions.userId, recipients), isNull(pushSubscriptions.deletedAt)));
  if (devices.length === 0) return;
  const due = told.flatMap(({ entry, messageId, conversationId, recipientId }) =>
    devices
      .filter((device) => device.userId === recipientId)
      .map((device) => ({
        subscriptionId: device.id,
        userId: recipientId,
        conversationId,
        messageId,
        auditId: entry.id,
        nextAttemptAt: dueAfter(entry, config.delayMs),
      })),
  );
  if (due.length === 0) return;
  const stored = await tx
    .insert(pushDeliveries)
    .values(due)
    .onConflictDoNothing()
    .returning({ id: pushDeliveries.id, runAt: pushDeliveries.nextAttemptAt });
  await queue.enqueue(
    tx,
    stored.map(({ id, runAt }) => ({ deliveryId: id, attempt: 1, kind: "push" as const, runAt })),
  );
}
