/**
 * The API server as its own process, for the fault tests: a PostgreSQL database (DATABASE_URL,
 * already migrated), Redis when REDIS_URL is set, bearer-token auth, and the same graceful
 * shutdown on SIGTERM as apps/web/server.ts (`stopOnSignals`). It logs JSON lines to stdout; the line with
 * `"msg":"listening"` carries the port. With CHILD_SERVER_WEBHOOKS=true it also relays and delivers
 * webhooks and emails (pg-boss), as the app does.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { createDatabase } from "@atiende/db";

import { configFromEnv } from "../src/config";
import { readApiEnv } from "../src/env";
import { createLogger } from "../src/log";
import { createMemoryBus, createRedisBus } from "../src/realtime";
import { bearerIdentity, createServices, serveApi, stopOnSignals } from "../src/server";
import { createNotifications } from "../src/notifications";
import { createDeliveryQueue, startWebhooks } from "../src/webhooks";

const { DATABASE_URL, REDIS_URL, PORT } = process.env;
if (!DATABASE_URL) throw new Error("child-server needs DATABASE_URL");

const apiEnv = readApiEnv({ ...process.env, SUPPORT_CHAT_AUTO_ASSIGN: "false" });
const log = createLogger({ level: apiEnv.LOG_LEVEL });
const handle = await createDatabase({
  url: DATABASE_URL,
  migrationsFolder: path.resolve(import.meta.dirname, "../../db/drizzle"),
  maxConnections: 5,
  connectTimeoutSeconds: 2,
});
const bus = REDIS_URL
  ? createRedisBus(REDIS_URL, (error) => log.warn({ err: error }, "Redis"))
  : createMemoryBus();
const config = configFromEnv(apiEnv);
const webhookQueue = createDeliveryQueue({ db: handle.db, databaseUrl: DATABASE_URL, config: config.webhooks, log });
const services = createServices(handle.db, config, bus, webhookQueue);
const webhooks =
  process.env.CHILD_SERVER_WEBHOOKS === "true"
    ? await startWebhooks({
        db: handle.db,
        config: config.webhooks,
        queue: webhookQueue,
        bus,
        sequencer: services.sequencer,
        log,
        notifications: createNotifications({ db: handle.db, config, queue: webhookQueue, log }),
      })
    : null;

const server = createServer();
const api = serveApi({
  server,
  services,
  log,
  identify: bearerIdentity(services),
  fallback: (_request, response) => response.writeHead(404).end(),
  onInternalError: (error, procedure) =>
    log.error({ err: error, path: procedure }, "tRPC call failed"),
});
server.listen(Number(PORT ?? 0), "127.0.0.1", () => {
  log.info({ port: (server.address() as AddressInfo).port }, "listening");
});

stopOnSignals({
  api,
  log,
  graceMs: 5000,
  closeDependencies: async () => {
    await webhooks?.stop();
    await bus.close();
    await handle.close();
  },
});
