import type { Database } from "@atiende/db";
import { and, eq, webhookAttempts, webhookDeliveries, webhookEndpoints } from "@atiende/db";

import type { WebhookConfig } from "../config";
import type { DeliveryJob, DeliveryQueue } from "./queue";
import { sendDelivery } from "./send";

/**
 * The wait after failed attempt `attempt` (1, 2, …): the base, doubled for each attempt before.
 * With the defaults (60 s, 11 attempts) the last attempt comes about 17 hours after the first.
 */
export const retryDelayMs = (config: WebhookConfig, attempt: number) => config.retryBaseMs * 2 ** (attempt - 1);

/**
 * Makes one attempt at a delivery and records it, on the delivery (the latest) and in its attempt
 * history; a failed attempt that is not the last schedules the next in the same transaction. A job
 * for an attempt that was already recorded (a copy run again after a crash, or a delivery finished
 * meanwhile) does nothing.
 */
export async function attemptDelivery(db: Database, config: WebhookConfig, queue: DeliveryQueue, job: DeliveryJob) {
  const [row] = await db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, job.deliveryId));
  if (!row || row.delivery.status !== "pending" || row.delivery.attempts !== job.attempt - 1) return;
  const { delivery, endpoint } = row;

  const usable = endpoint.enabled && !endpoint.deletedAt;
  const result = usable
    ? await sendDelivery({
        url: endpoint.url,
        secret: endpoint.secret,
        deliveryId: delivery.id,
        event: delivery.event,
        body: JSON.stringify(delivery.payload),
        timeoutMs: config.timeoutMs,
        allowInternal: config.allowPrivateAddresses,
      })
    : { ok: false, status: null, durationMs: 0, error: "the endpoint is disabled or removed" };
  const last = result.ok || !usable || job.attempt >= config.maxAttempts;
  const now = new Date();
  const nextAttemptAt = last ? now : new Date(now.getTime() + retryDelayMs(config, job.attempt));

  const outcome = { responseStatus: result.status, durationMs: result.durationMs, error: result.error?.slice(0, 500) ?? null };

  await db.transaction(async (tx) => {
    const [recorded] = await tx
      .update(webhookDeliveries)
      .set({
        status: result.ok ? "delivered" : last ? "failed" : "pending",
        attempts: job.attempt,
        lastAttemptAt: now,
        nextAttemptAt,
        ...outcome,
      })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.attempts, job.attempt - 1)))
      .returning({ id: webhookDeliveries.id });
    if (!recorded) return;
    await tx.insert(webhookAttempts).values({ deliveryId: delivery.id, attempt: job.attempt, ok: result.ok, attemptedAt: now, ...outcome });
    if (!last) await queue.enqueue(tx, [{ deliveryId: delivery.id, attempt: job.attempt + 1, runAt: nextAttemptAt }]);
  });
}
