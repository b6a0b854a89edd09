import type { AuditEntry, Executor, User } from "@atiende/db";
import { and, autoReplies, eq, inArray, isNull, sql, supportConversations, supportMessages, users } from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { autoReplyText, readBusinessHours } from "../../business-hours/store";
import { isOpen, nextOpening } from "../../contract/business-hours";
import { getNotificationSettings } from "../../notifications";
import type { ApiServices } from "../../trpc";
import { createInnerContext } from "../../trpc";
import type { DeliveryJob, DeliveryQueue, OutboxSink } from "../../webhooks";
import { retryDelayMs } from "../../webhooks";
import { sendMessage } from "../message/send";

/**
 * The account automatic answers are sent as. Its role is no role of the chat, so no staff list,
 * assignment or metric counts it; it is disabled and has no password, so nobody signs in as it.
 */
const SENDER = { email: "respuesta-automatica@atiende.invalid", name: "Atiende", role: "sistema" } as const;

/**
 * The automatic answer outside business hours, as one more kind of delivery on the webhooks' relay
 * and queue (`startWebhooks({ autoReplies })`). The relay hands it each batch of audit rows: a
 * candidate's message read while the team is closed (on `now`, settable in tests) opens one answer
 * per conversation and closed period, which a job then posts through the ordinary send path. The
 * period (the next opening) is both the row's unique key and the message's clientMessageId, so
 * neither a second relay nor a repeated job can post it twice.
 */
export function createAutoReplies(options: { services: ApiServices; queue: DeliveryQueue; now?: () => Date }): OutboxSink {
  const now = options.now ?? (() => new Date());
  return {
    record: (tx, queue, rows) => recordAutoReplies(tx, queue, rows, now()),
    attempt: (job) => attemptAutoReply(options.services, options.queue, job),
  };
}

async function recordAutoReplies(tx: Executor, queue: DeliveryQueue, rows: AuditEntry[], at: Date) {
  const created = rows.flatMap((row) =>
    row.action === "message.created" && row.messageId && row.conversationId ? [{ row, messageId: row.messageId }] : [],
  );
  if (created.length === 0) return;
  const hours = await readBusinessHours(tx);
  // Inside business hours, or with no answer set, nothing changes.
  if (!hours.enabled || !hours.autoReply.enabled || isOpen(hours.schedule, at)) return;
  const period = nextOpening(hours.schedule, at)?.toISOString() ?? "never";

  // Only the candidate's own text or file calls for it (never the answer itself, nor the team's).
  const fromCandidates = await tx
    .select({ id: supportMessages.id, conversationId: supportMessages.conversationId })
    .from(supportMessages)
    .innerJoin(supportConversations, eq(supportConversations.id, supportMessages.conversationId))
    .where(
      and(
        inArray(supportMessages.id, created.map((c) => c.messageId)),
        eq(supportMessages.senderUserId, supportConversations.candidateUserId),
        inArray(supportMessages.messageType, ["text", "attachment"]),
        isNull(supportConversations.deletedAt),
      ),
    );
  const candidateMessages = new Set(fromCandidates.map((m) => m.id));
  const due = new Map<string, { conversationId: string; period: string; auditId: string }>();
  for (const { row, messageId } of created) {
    if (!row.conversationId || !candidateMessages.has(messageId) || due.has(row.conversationId)) continue;
    due.set(row.conversationId, { conversationId: row.conversationId, period, auditId: row.id });
  }
  if (due.size === 0) return;
  const stored = await tx
    .insert(autoReplies)
    .values([...due.values()])
    .onConflictDoNothing()
    .returning({ id: autoReplies.id, runAt: autoReplies.nextAttemptAt });
  await queue.enqueue(
    tx,
    stored.map(({ id, runAt }) => ({ deliveryId: id, attempt: 1, kind: "auto_reply" as const, runAt })),
  );
}

/**
 * Posts one automatic answer. A job for an attempt already recorded does nothing; a job run twice
 * at once (two instances) posts once, as any retried send: same clientMessageId.
 */
async function attemptAutoReply(services: ApiServices, queue: DeliveryQueue, job: DeliveryJob) {
  const { db, config } = services;
  const [reply] = await db.select().from(autoReplies).where(eq(autoReplies.id, job.deliveryId));
  if (!reply || reply.status !== "pending" || reply.attempts !== job.attempt - 1) return;

  let outcome: { status: "sent" | "skipped" | "failed" | "pending"; error: string | null; messageId?: string };
  try {
    const [conversation] = await db
      .select({ candidateUserId: supportConversations.candidateUserId, status: supportConversations.status })
      .from(supportConversations)
      .where(eq(supportConversations.id, reply.conversationId));
    const hours = await readBusinessHours(db);
    const locale = conversation ? (await getNotificationSettings(db, conversation.candidateUserId)).locale : "es";
    const text = autoReplyText(hours, locale);
    if (!conversation || conversation.status !== "open") outcome = { status: "skipped", error: "the conversation is no longer open" };
    else if (!text) outcome = { status: "skipped", error: "the automatic answer was turned off" };
    else {
      const sender = await systemSender(db);
      const ctx = { ...createInnerContext(services, sender), viewer: { ...sender, role: "soporte" as const } };
      const message = await sendMessage(
        ctx,
        { conversationId: reply.conversationId, content: text, clientMessageId: `business-hours:${reply.period}` },
        "auto_reply",
      );
      outcome = { status: "sent", error: null, messageId: message.id };
    }
  } catch (error) {
    // The candidate took the key for a message of their own: there is nothing to retry. Over the
    // account's message quota (many answers in one minute), it waits its turn without giving up.
    const taken = error instanceof TRPCError && error.code === "CONFLICT";
    const limited = error instanceof TRPCError && error.code === "TOO_MANY_REQUESTS";
    const last = taken || (!limited && job.attempt >= config.webhooks.maxAttempts);
    outcome = { status: last ? "failed" : "pending", error: error instanceof Error ? error.message : String(error) };
  }

  const at = new Date();
  const nextAttemptAt = outcome.status === "pending" ? new Date(at.getTime() + retryDelayMs(config.webhooks, job.attempt)) : at;
  await db.transaction(async (tx) => {
    const [recorded] = await tx
      .update(autoReplies)
      .set({
        status: outcome.status,
        attempts: job.attempt,
        lastAttemptAt: at,
        nextAttemptAt,
        error: outcome.error?.slice(0, 500) ?? null,
        messageId: outcome.messageId ?? null,
      })
      .where(and(eq(autoReplies.id, reply.id), eq(autoReplies.attempts, job.attempt - 1)))
      .returning({ id: autoReplies.id });
    if (recorded && outcome.status === "pending") {
      await queue.enqueue(tx, [{ deliveryId: reply.id, attempt: job.attempt + 1, kind: "auto_reply", runAt: nextAttemptAt }]);
    }
  });
}

/** The automatic answers' account, made on first use (concurrent first uses make one). */
async function systemSender(db: Executor): Promise<User> {
  const find = () => db.select().from(users).where(and(eq(users.email, SENDER.email), eq(users.role, SENDER.role)));
  const [known] = await find();
  if (known) return known;
  await db
    .insert(users)
    .values({ ...SENDER, disabledAt: sql`now()` })
    .onConflictDoNothing();
  const [made] = await find();
  // Someone else's account holds the address: never post as them.
  if (!made) throw new Error(`${SENDER.email} belongs to another account`);
  return made;
}
