import type { Database, NotificationDelivery } from "@atiende/db";
import {
  agentPresence,
  and,
  conversationColumns,
  desc,
  eq,
  inArray,
  isNull,
  ne,
  notificationDeliveries,
  sql,
  supportConversationParticipants,
  supportConversations,
  supportMessages,
  users,
} from "@atiende/db";

import type { ApiConfig } from "../config";
import type { DeliveryJob, DeliveryQueue } from "../webhooks";
import { retryDelayMs } from "../webhooks";
import { composeEmail } from "./compose";
import { conversationUrl, unsubscribeUrls } from "./links";
import type { Mailer, OutgoingEmail } from "./mailer";
import { getNotificationSettings } from "./settings";

/** At most this many messages are quoted in one email (the newest). */
const MAX_MESSAGES = 20;
const MAX_TEXT = 1000;

export interface NotificationDeps {
  db: Database;
  config: ApiConfig;
  queue: DeliveryQueue;
  mailer: Mailer | null;
}

/**
 * Works one email when it is due: decides whether there is still something to tell (unread, wanted,
 * an agent still away), sends it and records the outcome. Like a webhook attempt it is recorded
 * after the fact, so a crash mid-send repeats it (same Message-ID); a job for an attempt already
 * recorded does nothing.
 */
export async function attemptNotification(deps: NotificationDeps, job: DeliveryJob) {
  const { db } = deps;
  const [delivery] = await db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, job.deliveryId));
  if (!delivery || delivery.status !== "pending" || delivery.attempts !== job.attempt - 1) return;
  // From now on later messages open the next email rather than join this one (see record.ts): the
  // messages read below include every one the relay saw while this was still unstarted.
  if (!delivery.startedAt) {
    await db
      .update(notificationDeliveries)
      .set({ startedAt: sql`now()` })
      .where(and(eq(notificationDeliveries.id, delivery.id), isNull(notificationDeliveries.startedAt)));
  }

  const plan = await planEmail(deps, delivery);
  let outcome: { status: "sent" | "skipped" | "failed" | "pending"; error: string | null };
  if (plan.kind === "skip" || !deps.mailer) {
    outcome = { status: "skipped", error: plan.kind === "skip" ? plan.reason : "email is not configured" };
  } else {
    try {
      await deps.mailer.send(plan.email);
      outcome = { status: "sent", error: null };
    } catch (error) {
      const last = job.attempt >= deps.config.webhooks.maxAttempts;
      outcome = { status: last ? "failed" : "pending", error: error instanceof Error ? error.message : String(error) };
    }
  }

  const now = new Date();
  const nextAttemptAt = outcome.status === "pending" ? new Date(now.getTime() + retryDelayMs(deps.config.webhooks, job.attempt)) : now;
  await db.transaction(async (tx) => {
    const [recorded] = await tx
      .update(notificationDeliveries)
      .set({
        status: outcome.status,
        attempts: job.attempt,
        lastAttemptAt: now,
        nextAttemptAt,
        error: outcome.error?.slice(0, 500) ?? null,
        ...(outcome.status === "sent" && plan.kind === "send" ? {
              coveredUntil: sql`(select ${supportMessages.createdAt} from ${supportMessages} where ${supportMessages.id} = ${plan.newestMessageId})`,
              messageCount: plan.count,
            } : {}),
      })
      .where(and(eq(notificationDeliveries.id, delivery.id), eq(notificationDeliveries.attempts, job.attempt - 1)))
      .returning({ id: notificationDeliveries.id });
    if (recorded && outcome.status === "pending") {
      await deps.queue.enqueue(tx, [{ deliveryId: delivery.id, attempt: job.attempt + 1, kind: "notification", runAt: nextAttemptAt }]);
    }
  });
}

type Plan = { kind: "skip"; reason: string } | { kind: "send"; email: OutgoingEmail; newestMessageId: string; count: number };

async function planEmail({ db, config }: NotificationDeps, delivery: NotificationDelivery): Promise<Plan> {
  const skip = (reason: string): Plan => ({ kind: "skip", reason });
  const [[recipient], [conversation], settings] = await Promise.all([
    db.select().from(users).where(eq(users.id, delivery.userId)),
    db.select(conversationColumns).from(supportConversations).where(eq(supportConversations.id, delivery.conversationId)),
    getNotificationSettings(db, delivery.userId),
  ]);
  if (!recipient || recipient.disabledAt) return skip("the recipient is disabled");
  if (!settings.emailEnabled) return skip("the recipient opted out");
  if (!conversation || conversation.deletedAt) return skip("the conversation is gone");
  const isCandidate = recipient.id === conversation.candidateUserId;
  if (!isCandidate) {
    if (conversation.assignedSupportUserId !== recipient.id) return skip("no longer assigned");
    if (await agentSeen(db, recipient.id, config.assignment.presenceGraceMs, "online")) return skip("the agent is online");
  }

  const m = supportMessages;
  const rows = await db
    .select({ id: m.id, content: m.content, attachmentName: m.attachmentName, sender: users.name })
    .from(m)
    .innerJoin(users, eq(users.id, m.senderUserId))
    .where(
      and(
        eq(m.conversationId, conversation.id),
        inArray(m.messageType, ["text", "attachment"]),
        // The candidate hears of the team's replies; the agent of the candidate's messages.
        isCandidate ? ne(m.senderUserId, recipient.id) : eq(m.senderUserId, conversation.candidateUserId),
        unread(delivery),
      ),
    )
    .orderBy(desc(m.createdAt), desc(m.id))
    .limit(MAX_MESSAGES);
  const newest = rows[0];
  if (!newest) return skip("nothing unread");
  const candidateName = isCandidate
    ? recipient.name
    : ((await db.select({ name: users.name }).from(users).where(eq(users.id, conversation.candidateUserId)))[0]?.name ?? "");

  const unsubscribe = unsubscribeUrls(config.notifications, recipient.id, config.auth.secret);
  const content = composeEmail({
    locale: settings.locale,
    recipientName: recipient.name,
    about: isCandidate ? "replies" : "candidate-messages",
    subject: conversation.subject,
    candidateName,
    messages: rows.reverse().map((row) => ({ sender: row.sender, text: row.content.slice(0, MAX_TEXT), attachmentName: row.attachmentName })),
    link: conversationUrl(config.notifications, config.embed.origins, recipient, conversation),
    unsubscribeLink: unsubscribe.page,
  });
  return {
    kind: "send",
    email: { to: recipient.email, ...content, messageId: `<${delivery.id}@notifications.atiende>`, unsubscribeUrl: unsubscribe.oneClick },
    newestMessageId: newest.id,
    count: rows.length,
  };
}

/**
 * Unread means newer than both the recipient's read marker and the newest message of the last email
 * they were sent. Compared in SQL: the times have microseconds, which a JavaScript Date would lose.
 */
function unread(delivery: NotificationDelivery) {
  const p = supportConversationParticipants;
  const n = notificationDeliveries;
  return sql`${supportMessages.createdAt} > coalesce(greatest(
    (select read.created_at from ${p} join ${supportMessages} read on read.id = ${p.lastReadMessageId}
      where ${p.conversationId} = ${delivery.conversationId} and ${p.userId} = ${delivery.userId}),
    (select max(${n.coveredUntil}) from ${n}
      where ${n.userId} = ${delivery.userId} and ${n.conversationId} = ${delivery.conversationId} and ${n.status} = 'sent')
  ), '-infinity'::timestamptz)`;
}

/**
 * An agent seen within the grace period (a console of theirs connected to some instance), and
 * online when `status` says so, as automatic assignment counts it.
 */
export async function agentSeen(db: Database, userId: string, graceMs: number, status?: "online") {
  const [row] = await db
    .select({ userId: agentPresence.userId })
    .from(agentPresence)
    .where(
      and(
        eq(agentPresence.userId, userId),
        status ? eq(agentPresence.status, status) : undefined,
        sql`${agentPresence.lastSeenAt} > now() - make_interval(secs => ${graceMs / 1000})`,
      ),
    );
  return Boolean(row);
}
