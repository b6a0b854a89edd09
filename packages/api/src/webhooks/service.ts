import type { Database } from "@atiende/db";
import { eq, webhookEndpoints, WEBHOOK_EVENTS } from "@atiende/db";

import type { WebhookConfig } from "../config";
import { recordEvent } from "../domain/audit";
import type { Logger } from "../log";
import type { EventBus } from "../realtime/bus";
import { channels } from "../realtime/bus";
import type { Sequencer } from "../realtime/sequencer";
import { attemptDelivery } from "./deliver";
import type { DeliveryQueue, OutboxSink } from "./queue";
import { pgBossQueue, rowQueue } from "./queue";
import { initRelay, relayBatch } from "./relay";

/** The queue for this deployment: pg-boss on PostgreSQL, the delivery rows on the embedded database. */
export function createDeliveryQueue(options: {
  db: Database;
  databaseUrl?: string;
  config: WebhookConfig;
  log: Logger;
  /** Whether pg-boss may create its schema at start (MIGRATE_ON_START). */
  migrate?: boolean;
}) {
  return options.databaseUrl
    ? pgBossQueue(options.databaseUrl, options.config, options.log, options.migrate)
    : rowQueue(options.db, options.log);
}

const IDLE_POLL_MS = 1000;
/**
 * The least time between two relay batches, unless a backlog is left: webhooks, emails and pushes
 * wait at most this much more. A batch is ten statements however few rows it takes, so under a
 * stream of changes fewer, larger batches are what keeps it cheap (see the sequencer's PASS_GAP_MS).
 */
const RELAY_GAP_MS = 250;

/**
 * Runs the webhooks of one instance: keeps WEBHOOK_URL's endpoint in step with the environment,
 * relays the audit log into deliveries (at once after the sequencer, on any instance, numbered more
 * of it; else every second) and works the queue. `stop` finishes the batch and the
 * attempts in progress.
 */
export async function startWebhooks(options: {
  db: Database;
  config: WebhookConfig;
  queue: DeliveryQueue;
  bus: EventBus;
  sequencer: Sequencer;
  log: Logger;
  /** The notifications (emails, pushes): more deliveries from the same audit rows, on the same queue. */
  notifications?: OutboxSink;
  /** The automatic answers outside business hours: likewise. */
  autoReplies?: OutboxSink;
}) {
  const { db, config, queue, log, notifications, autoReplies } = options;
  const sinks = [notifications, autoReplies].filter((sink) => sink !== undefined);
  await syncEnvEndpoint(db, config.fromEnv);
  // Rows written before the relay first starts are not its to send: number them, then start after.
  await options.sequencer.catchUp();
  await initRelay(db);
  await queue.start((job) => {
    if (!job.kind) return attemptDelivery(db, config, queue, job);
    const sink = job.kind === "auto_reply" ? autoReplies : notifications;
    return sink?.attempt(job) ?? Promise.resolve();
  });

  let stopped = false;
  let wake: (() => void) | undefined;
  const kick = () => wake?.();
  // The relay reads what the sequencer has numbered: it runs while webhooks do.
  const releaseSequencer = options.sequencer.hold();
  const unsubscribe = options.bus.subscribe(channels.inbox, (message) => {
    if (message.kind === "sequenced") kick();
  });
  const loop = (async () => {
    while (!stopped) {
      let more = false;
      try {
        more = (await relayBatch(db, queue, sinks)).more;
        queue.wake?.();
      } catch (error) {
        log.warn({ err: error }, "webhook relay");
      }
      if (!more && !stopped) {
        const idleSince = Date.now();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, IDLE_POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        // Under a stream of changes, one batch (a transaction of several statements) takes this
        // long's rows at once rather than each pass's few.
        const rest = RELAY_GAP_MS - (Date.now() - idleSince);
        if (rest > 0 && !stopped) await new Promise((resolve) => setTimeout(resolve, rest));
      }
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      unsubscribe();
      releaseSequencer();
      kick();
      await loop;
      await queue.stop();
    },
  };
}

export type WebhookRuntime = Awaited<ReturnType<typeof startWebhooks>>;

/** Creates, updates or retires the endpoint WEBHOOK_URL configures; audited when it changes. */
async function syncEnvEndpoint(db: Database, fromEnv: WebhookConfig["fromEnv"]) {
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.fromEnv, true)).for("update");
    const audit = (action: "webhook.created" | "webhook.updated" | "webhook.removed", id: string, url: string) =>
      recordEvent(tx, { actorUserId: null, action, data: { id, url, fromEnv: true } });
    if (!fromEnv) {
      if (!current || current.deletedAt) return;
      await tx.update(webhookEndpoints).set({ deletedAt: new Date() }).where(eq(webhookEndpoints.id, current.id));
      return audit("webhook.removed", current.id, current.url);
    }
    const wanted = { ...fromEnv, events: [...WEBHOOK_EVENTS], enabled: true, deletedAt: null };
    if (current) {
      const same = current.url === wanted.url && current.secret === wanted.secret && current.enabled && !current.deletedAt;
      if (same && current.events.length === wanted.events.length) return;
      await tx.update(webhookEndpoints).set({ ...wanted, updatedAt: new Date() }).where(eq(webhookEndpoints.id, current.id));
      return audit("webhook.updated", current.id, wanted.url);
    }
    const [created] = await tx.insert(webhookEndpoints).values({ ...wanted, fromEnv: true }).returning();
    if (created) await audit("webhook.created", created.id, created.url);
  });
}
