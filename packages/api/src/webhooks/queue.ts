import type { AuditEntry, Executor } from "@atiende/db";
import { selectRows, sql } from "@atiende/db";
import type { Db } from "pg-boss";
import { PgBoss } from "pg-boss";

import type { WebhookConfig } from "../config";
import type { Logger } from "../log";

/** One attempt at one delivery: a copy of a job for an attempt already made is ignored. */
export interface DeliveryJob {
  deliveryId: string;
  attempt: number;
  /**
   * Absent for a webhook delivery; "notification" for an email (notification_deliveries), "push"
   * for a Web Push (push_deliveries), "auto_reply" for an automatic answer outside business hours
   * (auto_replies).
   */
  kind?: "notification" | "push" | "auto_reply";
}

/**
 * Another kind of delivery on the same relay and queue (the notifications): it reads the audit rows
 * the relay reads, in the relay's transaction, and works its own jobs.
 */
export interface OutboxSink {
  record(tx: Executor, queue: DeliveryQueue, rows: AuditEntry[]): Promise<void>;
  attempt(job: DeliveryJob): Promise<void>;
}

/**
 * Where deliveries wait for a worker. `enqueue` runs inside the transaction that records the
 * delivery (or its failed attempt), so a job exists exactly when its delivery is due.
 */
export interface DeliveryQueue {
  enqueue(tx: Executor, jobs: (DeliveryJob & { runAt: Date })[]): Promise<void>;
  start(work: (job: DeliveryJob) => Promise<void>): Promise<void>;
  /** Work may be due: look now rather than at the next poll (where the queue polls). */
  wake?: () => void;
  /** Takes no more jobs and waits for the running ones. */
  stop(): Promise<void>;
}

const QUEUE = "webhook-delivery";
/** Attempts in progress at once per instance. */
const CONCURRENCY = 8;

/** pg-boss statements run inside one of our transactions (its `$n` parameters become drizzle's). */
function inTransaction(tx: Executor): Db {
  return {
    executeSql: async (text, values = []) => {
      const pieces = text.split(/\$(\d+)/);
      const query = sql.join(
        pieces.map((piece, i) => (i % 2 === 1 ? sql`${values[Number(piece) - 1]}` : sql.raw(piece))),
        sql.raw(""),
      );
      return { rows: await selectRows(tx, query) };
    },
  };
}

/**
 * On PostgreSQL: pg-boss, so several instances share the work and each job runs once. Our own
 * schedule decides when attempts happen (a failed attempt enqueues the next); pg-boss's retries
 * only cover a worker that died mid-attempt, whose job is retried once it expires.
 */
export function pgBossQueue(
  databaseUrl: string,
  config: WebhookConfig,
  log: Logger,
  /** Create or update pg-boss's schema at start; false where a release step does (MIGRATE_ON_START). */
  migrate = true,
): DeliveryQueue {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    migrate,
    max: 3,
    application_name: "atiende-webhooks",
    schedule: false,
    // How soon an attempt cut off by a crash is noticed (its job expired) and run again.
    superviseIntervalSeconds: 10,
    monitorIntervalSeconds: 10,
  });
  boss.on("error", (error) => log.warn({ err: error }, "webhook queue"));
  return {
    enqueue: async (tx, jobs) => {
      if (jobs.length === 0) return;
      await boss.insert(
        QUEUE,
        jobs.map(({ runAt, ...job }) => ({ data: job, startAfter: runAt })),
        { db: inTransaction(tx) },
      );
    },
    start: async (work) => {
      await boss.start();
      await boss.createQueue(QUEUE, {
        retryLimit: 100,
        retryDelay: 1,
        expireInSeconds: Math.ceil(config.timeoutMs / 1000) + 10,
      });
      await boss.work<DeliveryJob>(QUEUE, { localConcurrency: CONCURRENCY, pollingIntervalSeconds: 1 }, async ([job]) => {
        if (job) await work(job.data);
      });
    },
    stop: () => boss.stop({ graceful: true, timeout: 15_000 }),
  };
}

/**
 * Creates or updates pg-boss's schema (`pgboss`), as `node migrate.js` does beside our own
 * migrations. pg-boss takes an advisory lock of its own for it, so instances starting at once
 * cannot race.
 */
export async function installQueueSchema(databaseUrl: string) {
  const boss = new PgBoss({ connectionString: databaseUrl, max: 1, schedule: false, supervise: false });
  await boss.start();
  await boss.stop({ graceful: false });
}

/**
 * On the embedded database (one process; pg-boss cannot run there): the delivery rows are the
 * queue. A pending row whose `next_attempt_at` has come is due; `enqueue` has nothing to add.
 */
export function rowQueue(db: Executor, log: Logger): DeliveryQueue {
  const running = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let work: ((job: DeliveryJob) => Promise<void>) | undefined;

  const poll = async () => {
    if (stopped || !work) return;
    const run = work;
    try {
      const due = await selectRows<{ id: string; attempts: number; kind: "webhook" | NonNullable<DeliveryJob["kind"]> }>(
        db,
        sql`select * from (
            select id, attempts, next_attempt_at, 'webhook' as kind from webhook_deliveries
            where status = 'pending' and next_attempt_at <= now()
            union all
            select id, attempts, next_attempt_at, 'notification' as kind from notification_deliveries
            where status = 'pending' and next_attempt_at <= now()
            union all
            select id, attempts, next_attempt_at, 'push' as kind from push_deliveries
            where status = 'pending' and next_attempt_at <= now()
            union all
            select id, attempts, next_attempt_at, 'auto_reply' as kind from auto_replies
            where status = 'pending' and next_attempt_at <= now()
          ) due
          order by next_attempt_at limit 16`,
      );
      for (const { id, attempts, kind } of due) {
        if (running.has(id) || running.size >= CONCURRENCY) continue;
        const job = run({ deliveryId: id, attempt: attempts + 1, ...(kind === "webhook" ? {} : { kind }) })
          .catch((error: unknown) => log.warn({ err: error, deliveryId: id }, "webhook delivery failed to run"))
          .finally(() => {
            running.delete(id);
            // More may be due: a burst is worked through without waiting for the next poll.
            if (due.length >= CONCURRENCY) void poll();
          });
        running.set(id, job);
      }
    } catch (error) {
      log.warn({ err: error }, "webhook queue");
    }
  };
  const schedule = () => {
    if (!stopped) timer = setTimeout(() => void poll().finally(schedule), 500);
  };
  return {
    enqueue: () => Promise.resolve(),
    wake: () => void poll(),
    start: (handler) => {
      work = handler;
      stopped = false;
      schedule();
      return Promise.resolve();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await Promise.all(running.values());
    },
  };
}
