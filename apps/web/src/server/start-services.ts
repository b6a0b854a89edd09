import path from "node:path";

import { configFromEnv, createServices, readApiEnv } from "@atiende/api";
import { getLogger } from "@atiende/api/log";
import { createMemoryBus, createRedisBus } from "@atiende/api/realtime";
import { storageFromEnv } from "@atiende/api/uploads";
import { createDeliveryQueue, startWebhooks } from "@atiende/api/webhooks";
import { count, createDatabase, seedDemoData, users } from "@atiende/db";

import { env } from "~/env";
import type { Services } from "./services";
import { provideServices } from "./services";

// Paths are relative to the repository root, wherever the app is started from.
const repoRoot = path.resolve(process.cwd(), "../..");

async function start(): Promise<Services> {
  const handle = await createDatabase({
    url: env.DATABASE_URL,
    connectTimeoutSeconds: env.DATABASE_CONNECT_TIMEOUT_SECONDS,
    dataDir: path.resolve(repoRoot, env.PGLITE_DATA_DIR),
    migrationsFolder: path.resolve(
      repoRoot,
      env.DATABASE_MIGRATIONS_DIR ?? "packages/db/drizzle",
    ),
  });
  await handle.migrate();
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
  const webhookQueue = createDeliveryQueue({ db: handle.db, databaseUrl: env.DATABASE_URL, config: config.webhooks, log });
  const services = createServices(handle.db, config, bus, webhookQueue);
  const webhooks = await startWebhooks({ db: handle.db, config: config.webhooks, queue: webhookQueue, bus, log });
  const uploads = storageFromEnv(apiEnv, path.resolve(repoRoot, env.UPLOADS_DIR));
  return { ...services, handle, uploads, webhooks };
}

/** Opens and migrates the database (seeding an embedded one), and shares the services with Next. */
export function startServices(): Promise<Services> {
  const services = start();
  provideServices(services);
  return services;
}
