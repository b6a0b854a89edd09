/**
 * The app's one process: Next.js for pages and route handlers, `/api/health` and `/api/ready`,
 * tRPC over HTTP (calls and SSE) at /api/trpc, and tRPC over WebSockets at /api/trpc-ws, all on
 * one port.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import path from "node:path";

import { createLogger, setLogger } from "@atiende/api/log";
import { serveApi, stopOnSignals } from "@atiende/api/server";
import next from "next";

import { env } from "~/env";
import { DEV_RELOAD_PATH } from "~/plain-pages/page-config";
import { createIdentify } from "~/server/identity";
import { startServices } from "~/server/start-services";

const log = createLogger({ level: env.LOG_LEVEL });
setLogger(log);

const dev = env.NODE_ENV !== "production";
/** In development, the reload stream of the pages Next does not serve (see plain-pages/). */
let plainPagesReload: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
if (dev) {
  // What host sites load (widget.js, the embedded chat) and /chat-soporte's script are built apart
  // from Next: rebuild them on change, and reload the pages that show them (Next's hot reload does
  // not reach them). A path esbuild does not follow, so the production bundle does not take in the
  // build tools.
  const embedBuild = "./scripts/build-embed.mjs";
  const { watchEmbed } = (await import(embedBuild)) as {
    watchEmbed: (options: { onRebuilt: () => void }) => Promise<void>;
  };
  const open = new Set<ServerResponse>();
  await watchEmbed({ onRebuilt: () => open.forEach((response) => response.write("data: rebuilt\n\n")) });
  plainPagesReload = (request, response) => {
    response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store" });
    open.add(response);
    request.on("close", () => open.delete(response));
  };
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
  fallback: (request, response) =>
    plainPagesReload && request.url === DEV_RELOAD_PATH
      ? plainPagesReload(request, response)
      : void handleNext(request, response),
  onInternalError: (error, path, requestId) => log.error({ err: error, path, requestId }, "tRPC call failed"),
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
