import type { AuditEntry, Database, Executor, WebhookEvent } from "@atiende/db";
import {
  and,
  asc,
  auditLog,
  conversationColumns,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  messageColumns,
  supportConversations,
  supportMessages,
  supportRatings,
  webhookDeliveries,
  webhookEndpoints,
  webhookRelay,
} from "@atiende/db";

import type { AuditAction } from "../domain/audit";
import { feedHead } from "../realtime/sequencer";
import { buildPayload, EVENT_OF_ACTION } from "./payload";
import type { DeliveryQueue, OutboxSink } from "./queue";

const RELAY = "audit";
const BATCH = 200;

/**
 * Where a new relay starts: after every row numbered before webhooks existed. Running it again
 * changes nothing.
 */
export async function initRelay(db: Database) {
  await db.insert(webhookRelay).values({ id: RELAY, feedSeq: await feedHead(db) }).onConflictDoNothing();
}

/**
 * Turns the next audit rows into deliveries, one per subscribed endpoint, and hands them to the
 * queue, all in one transaction with the relay's new position: a crash anywhere repeats the batch
 * whole, and the unique (endpoint, audit row) index would refuse a second copy anyway.
 *
 * Rows are read in the audit log's feed order (see realtime/sequencer.ts): a row whose
 * transaction commits late is numbered late, after what the relay has read, so it is never skipped
 * and nothing waits for other transactions. The relay row's lock (skip locked) lets one instance
 * relay at a time; the others find it taken and return. Says whether more rows were waiting.
 */
export async function relayBatch(db: Database, queue: DeliveryQueue, sinks: OutboxSink[] = []): Promise<{ more: boolean }> {
  return db.transaction(async (tx) => {
    const [position] = await tx.select().from(webhookRelay).where(eq(webhookRelay.id, RELAY)).for("update", { skipLocked: true });
    if (!position) return { more: false };
    const rows = await tx
      .select()
      .from(auditLog)
      .where(and(isNotNull(auditLog.conversationId), gt(auditLog.feedSeq, position.feedSeq)))
      .orderBy(asc(auditLog.feedSeq))
      .limit(BATCH);

    await recordDeliveries(tx, queue, rows);
    for (const sink of sinks) await sink.record(tx, queue, rows);

    const last = rows.at(-1);
    if (last?.feedSeq) await tx.update(webhookRelay).set({ feedSeq: last.feedSeq, updatedAt: new Date() }).where(eq(webhookRelay.id, RELAY));
    return { more: rows.length === BATCH };
  });
}

async function recordDeliveries(tx: Executor, queue: DeliveryQueue, rows: AuditEntry[]) {
  const events = rows.flatMap((entry) => {
    const event = EVENT_OF_ACTION[entry.action as AuditAction];
    return event && entry.conversationId ? [{ entry, event, conversationId: entry.conversationId }] : [];
  });
  if (events.length === 0) return;
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.enabled, true), isNull(webhookEndpoints.deletedAt)));
  if (endpoints.length === 0) return;

  const sources = await loadSources(tx, events);
  const deliveries = events.flatMap(({ entry, event, conversationId }) => {
    const conversation = sources.conversations.get(conversationId);
    const message = entry.messageId ? (sources.messages.get(entry.messageId) ?? null) : null;
    // Internal notes are the team's own: no event ever carries one.
    if (!conversation || message?.messageType === "note") return [];
    const rating = event === "conversation.rated" ? (sources.ratings.get(ratingKey(conversationId, entry.createdAt)) ?? null) : null;
    const payload = buildPayload(event, { entry, conversation, message, rating });
    if (!payload) return [];
    return endpoints
      .filter((endpoint) => endpoint.events.includes(event))
      .map((endpoint) => ({ endpointId: endpoint.id, auditId: entry.id, event, payload }));
  });
  if (deliveries.length === 0) return;
  const stored = await tx
    .insert(webhookDeliveries)
    .values(deliveries)
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  const now = new Date();
  await queue.enqueue(tx, stored.map(({ id }) => ({ deliveryId: id, attempt: 1, runAt: now })));
}

// A rating and its audit row are written in one transaction, so they share its time (now()).
const ratingKey = (conversationId: string, at: Date) => `${conversationId}@${at.getTime()}`;

async function loadSources(tx: Executor, events: { entry: AuditEntry; event: WebhookEvent; conversationId: string }[]) {
  const conversationIds = [...new Set(events.map((e) => e.conversationId))];
  const messageIds = events.flatMap(({ entry }) => (entry.messageId ? [entry.messageId] : []));
  const rated = events.filter((e) => e.event === "conversation.rated").map((e) => e.conversationId);
  const [conversations, messages, ratings] = await Promise.all([
    tx.select(conversationColumns).from(supportConversations).where(inArray(supportConversations.id, conversationIds)),
    messageIds.length ? tx.select(messageColumns).from(supportMessages).where(inArray(supportMessages.id, messageIds)) : [],
    rated.length ? tx.select().from(supportRatings).where(inArray(supportRatings.conversationId, rated)) : [],
  ]);
  return {
    conversations: new Map(conversations.map((c) => [c.id, c])),
    messages: new Map(messages.map((m) => [m.id, m])),
    ratings: new Map(ratings.map((r) => [ratingKey(r.conversationId, r.createdAt), r])),
  };
}
