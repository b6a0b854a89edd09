import type { Database, PushDelivery } from "@atiende/db";
import {
  and,
  eq,
  pushDeliveries,
  pushSubscriptions,
  sql,
  supportConversationParticipants,
  supportConversations,
  supportMessages,
  users,
} from "@atiende/db";
import webPush from "web-push";

import type { ApiConfig } from "../../config";
import type { DeliveryJob, DeliveryQueue } from "../../webhooks";
import { postBounded, retryDelayMs } from "../../webhooks";
import { agentSeen } from "../attempt";
import { getNotificationSettings } from "../settings";
import { vapidKeys } from "./keys";
import type { PushPayload } from "./payload";
import { composePush } from "./payload";
import { retireSubscription } from "./subscriptions";

/** How long a push service keeps a push for a browser that is offline. */
const TTL_SECONDS = 24 * 3600;

export interface PushDeps {
  db: Database;
  config: ApiConfig;
  queue: DeliveryQueue;
  /** Certificates to trust besides the system's (a test's own HTTPS push service). */
  ca?: string;
}

/**
 * Works one push when it is due: still unread, the device still subscribed, no console of the agent
 * open; then sends it and records the outcome. Recorded after the fact, like a webhook: a crash
 * mid-send repeats it once the job expires (the same payload, tag and Topic, so the browser shows
 * one notification); a job for an attempt already recorded does nothing.
 */
export async function attemptPush(deps: PushDeps, job: DeliveryJob) {
  const { db, config } = deps;
  const [row] = await db
    .select({ delivery: pushDeliveries, subscription: pushSubscriptions })
    .from(pushDeliveries)
    .innerJoin(pushSubscriptions, eq(pushSubscriptions.id, pushDeliveries.subscriptionId))
    .where(eq(pushDeliveries.id, job.deliveryId));
  if (!row || row.delivery.status !== "pending" || row.delivery.attempts !== job.attempt - 1)
    return;
  const { delivery, subscription } = row;

  let outcome: {
    status: "sent" | "skipped" | "failed" | "pending";
    responseStatus: number | null;
    error: string | null;
  };
  const plan =
    subscription.deletedAt || subscription.userId !== delivery.userId
      ? skip("the device unsubscribed")
      : await planPush(db, config, delivery);
  if (plan.kind === "skip") {
    outcome = { status: "skipped", responseStatus: null, error: plan.reason };
  } else {
    const keys = await vapidKeys(db, config.notifications.push);
    const request = webPush.generateRequestDetails(
      {
        endpoint: subscription.endpoint,
        keys: { p256dh: subscription.p256dh, auth: subscription.auth },
      },
      JSON.stringify(plan.payload),
      {
        vapidDetails: { subject: config.notifications.push.subject, ...keys },
        TTL: TTL_SECONDS,
        contentEncoding: "aes128gcm",
        // The push service replaces an undelivered copy of the same push with a later one (a
        // repeat after a crash): the delivery's id, as 32 URL-safe characters.
        topic: delivery.id.replaceAll("-", ""),
      },
    );
    const result = await postBounded({
      url: request.endpoint,
      headers: request.headers,
      body: request.body ?? "",
      timeoutMs: config.webhooks.timeoutMs,
      allowInternal: config.webhooks.allowPrivateAddresses,
      ca: deps.ca,
    });
    const gone = result.status === 404 || result.status === 410;
    // Another 4xx will be the same answer next time (a payload or key the service refuses).
    const hopeless =
      result.status !== null &&
      result.status >= 400 &&
      result.status < 500 &&
      result.status !== 408 &&
      result.status !== 429;
    const last = job.attempt >= config.webhooks.maxAttempts;
    outcome = {
      status: result.ok ? "sent" : gone || hopeless || last ? "failed" : "pending",
      responseStatus: result.status,
      error: result.ok ? null : (result.error ?? `the push service answered ${result.status}`),
    };
    if (gone && result.status) await retireSubscription(db, subscription.id, result.status);
    if (result.ok)
      await db
        .update(pushSubscriptions)
        .set({ lastUsedAt: sql`now()` })
        .where(eq(pushSubscriptions.id, subscription.id));
  }

  const now = new Date();
  const nextAttemptAt =
    outcome.status === "pending"
      ? new Date(now.getTime() + retryDelayMs(config.webhooks, job.attempt))
      : now;
  await db.transaction(async (tx) => {
    const [recorded] = await tx
      .update(pushDeliveries)
      .set({
        status: outcome.status,
        attempts: job.attempt,
        lastAttemptAt: now,
        nextAttemptAt,
        responseStatus: outcome.responseStatus,
        error: outcome.error?.slice(0, 500) ?? null,
      })
      .where(and(eq(pushDeliveries.id, delivery.id), eq(pushDeliveries.attempts, job.attempt - 1)))
      .returning({ id: pushDeliveries.id });
    if (recorded && outcome.status === "pending") {
      await deps.queue.enqueue(tx, [
        { deliveryId: delivery.id, attempt: job.attempt + 1, kind: "push", runAt: nextAttemptAt },
      ]);
    }
  });
}

type Plan = { kind: "skip"; reason: string } | { kind: "send"; payload: PushPayload };
const skip = (reason: string): Plan => ({ kind: "skip", reason });

async function planPush(db: Database, config: ApiConfig, delivery: PushDelivery): Promise<Plan> {
  const sender = sql<string>`(select ${users.name} from ${users} where ${users.id} = ${supportMessages.senderUserId})`;
  const [[recipient], [found], settings] = await Promise.all([
    db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, delivery.userId)),
    db
      .select({
        message: supportMessages,
        conversation: supportConversations,
        senderName: sender,
        read: isRead(delivery),
      })
      .from(supportMessages)
      .innerJoin(supportConversations, eq(supportConversations.id, supportMessages.conversationId))
      .where(eq(supportMessages.id, delivery.messageId)),
    getNotificationSettings(db, delivery.userId),
  ]);
  if (!recipient || recipient.disabledAt) return skip("the recipient is disabled");
  if (!found || found.conversation.deletedAt) return skip("the conversation is gone");
  const { message, conversation } = found;
  const toCandidate = conversation.candidateUserId === delivery.userId;
  if (!toCandidate) {
    if (conversation.assignedSupportUserId !== delivery.userId) return skip("no longer assigned");
    // A console open, away or not, alerts them itself: a push would say it twice.
    if (await agentSeen(db, delivery.userId, config.assignment.presenceGraceMs))
      return skip("a console of theirs is open");
  }
  if (found.read) return skip("read in time");
  return {
    kind: "send",
    payload: composePush({
      locale: settings.locale,
      toCandidate,
      senderName: found.senderName,
      text: message.content,
      attachmentName: message.attachmentName,
      conversationId: conversation.id,
    }),
  };
}

/** Whether the recipient's read marker has reached the message (a tab of theirs showed it). */
function isRead(delivery: PushDelivery) {
  const p = supportConversationParticipants;
  return sql<boolean>`coalesce((select read.created_at >= ${supportMessages.createdAt}
    from ${p} join ${supportMessages} read on read.id = ${p.lastReadMessageId}
    where ${p.conversationId} = ${delivery.conversationId} and ${p.userId} = ${delivery.userId}), false)`;
}
