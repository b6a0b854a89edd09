/**
 * The app's one process: Next.js for pages and route handlers, `/api/health` and `/api/ready`,
 * tRPC over HTTP (calls and SSE) at /api/trpc, and tRPC over WebSockets at /api/trpc-ws, all on
 * one port.
 */
import { createServer } from "node:http";
import path from "node:path";

import { createLogger, setLogger } from "@atiende/api/log";
import { serveApi, stopOnSignals } from "@atiende/api/server";
import next from "next";

import { env } from "~/env";
import { createIdentify } from "~/server/identity";
import { startServices } from "~/server/start-services";

const log = createLogger({ level: env.LOG_LEVEL });
setLogger(log);

const dev = env.NODE_ENV !== "production";
if (dev) {
  // What host sites load (widget.js, the embedded chat) is built apart from Next: rebuild it on
  // change. A path esbuild does not follow, so the production bundle does not take in the build tools.
  const embedBuild = "./scripts/build-embed.mjs";
  const { watchEmbed } = (await import(embedBuild)) as { watchEmbed: () => Promise<void> };
  await watchEmbed();
}
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
    // Finishes the relay's batch and the deliveries in progress while the database is still open.
    await services.webhooks.stop();
    await services.bus.close();
    await services.handle.close();
  },
});
