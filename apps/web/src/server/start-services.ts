import path from "node:path";

import { configFromEnv, readApiEnv } from "@atiende/api";
import { getLogger } from "@atiende/api/log";
import { createNotifications } from "@atiende/api/notifications";
import { createMemoryBus, createRedisBus } from "@atiende/api/realtime";
import { createAutoReplies, createServices } from "@atiende/api/server";
import { storageFromEnv } from "@atiende/api/uploads";
import { createDeliveryQueue, startWebhooks } from "@atiende/api/webhooks";
import { count, seedDemoData, users } from "@atiende/db";

import { env } from "~/env";
import { openDatabase } from "./database";
import type { Services } from "./services";
import { provideServices } from "./services";

async function start(root: string): Promise<Services> {
  const handle = await openDatabase(root, env);
  // Several instances starting at once take turns (an advisory lock); see database-env.ts.
  if (env.MIGRATE_ON_START) await handle.migrate();
  // The embedded database seeds itself on first start; a real server is only seeded on request.
  if (handle.kind === "pglite") {
    const [users_] = await handle.db.select({ n: count() }).from(users);
    if (!users_?.n) await seedDemoData(handle.db, { password: env.DEMO_PASSWORD });
  }
  const bus = env.REDIS_URL
    ? createRedisBus(env.REDIS_URL, (error) => getLogger().warn({ err: error }, "Redis"))
    : createMemoryBus();
  const apiEnv = readApiEnv();
  const config = configFromEnv(apiEnv);
  const log = getLogger();
  // pg-boss on PostgreSQL; on the embedded database the delivery rows are the queue.
  const webhookQueue = createDeliveryQueue({
    db: handle.db,
    databaseUrl: env.DATABASE_URL,
    config: config.webhooks,
    log,
    // pg-boss's tables obey the same switch as ours (node migrate.js installs them otherwise).
    migrate: env.MIGRATE_ON_START,
  });
  const services = createServices(handle.db, config, bus, webhookQueue);
  // Emails are one more kind of delivery on the webhooks' relay and queue.
  const notifications = createNotifications({ db: handle.db, config, queue: webhookQueue, log });
  // So are the automatic answers outside business hours, posted through the ordinary send path.
  const autoReplies = createAutoReplies({ services, queue: webhookQueue });
  const webhooks = await startWebhooks({ db: handle.db, config: config.webhooks, queue: webhookQueue, bus, sequencer: services.sequencer, log, notifications, autoReplies });
  const uploads = storageFromEnv(apiEnv, path.resolve(root, env.UPLOADS_DIR));
  return { ...services, handle, uploads, webhooks };
}

/**
 * Opens and migrates the database (seeding an embedded one), and shares the services with Next.
 * Relative paths start at `root`, the folder holding apps/ and packages/ (repository or bundle).
 */
export function startServices(root: string): Promise<Services> {
  const services = start(root);
  provideServices(services);
  return services;
}
