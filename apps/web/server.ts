/**
 * The app's one process: Next.js for pages and route handlers, `/api/health` and `/api/ready`,
 * tRPC over HTTP (calls and SSE) at /api/trpc, and tRPC over WebSockets at /api/trpc-ws, all on
 * one port.
 */
import { createServer } from "node:http";
import path from "node:path";

import { createLogger, setLogger } from "@atiende/api/log";
import { serveApi, stopOnSignals } from "@atiende/api/realtime";
import next from "next";

import { env } from "~/env";
import { createIdentify } from "~/server/identity";
import { startServices } from "~/server/start-services";

const log = createLogger({ level: env.LOG_LEVEL });
setLogger(log);

const dev = env.NODE_ENV !== "production";
// This file sits in apps/web, in the repository and in the production bundle alike: everything
// is found from here, wherever the process was started.
const app = next({ dev, dir: import.meta.dirname, turbopack: dev });
const services = await startServices(path.resolve(import.meta.dirname, "../.."));
await app.prepare();
const handleNext = app.getRequestHandler();

const server = createServer();
const realtime = serveApi({
  server,
  services,
  log,
  identify: createIdentify(services),
  fallback: (request, response) => void handleNext(request, response),
  allowedOrigins: env.WS_ALLOWED_ORIGINS,
  onInternalError: (error, path) => log.error({ err: error, path }, "tRPC call failed"),
});

server.listen(env.PORT, env.HOST, () => {
  log.info({ host: env.HOST, port: env.PORT, mode: dev ? "development" : "production" }, "Atiende listening");
});

stopOnSignals({
  api: realtime,
  log,
  graceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
  closeDependencies: async () => {
    await services.bus.close();
    await services.handle.close();
  },
});
