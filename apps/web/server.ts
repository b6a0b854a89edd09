/**
 * The app's one process: Next.js for pages and route handlers, tRPC over HTTP (calls and SSE) at
 * /api/trpc, and tRPC over WebSockets at /api/trpc-ws, all on one port.
 */
import { createServer } from "node:http";

import { serveApi } from "@atiende/api/realtime";
import next from "next";

import { env } from "~/env";
import { createIdentify } from "~/server/identity";
import { startServices } from "~/server/start-services";

const dev = env.NODE_ENV !== "production";
const app = next({ dev, dir: process.cwd(), turbopack: dev });
const services = await startServices();
await app.prepare();
const handleNext = app.getRequestHandler();

const server = createServer();
const realtime = serveApi({
  server,
  services,
  identify: createIdentify(services),
  fallback: (request, response) => void handleNext(request, response),
  allowedOrigins: env.WS_ALLOWED_ORIGINS,
  onInternalError: (error, path) => console.error(`tRPC ${path ?? "?"} failed:`, error),
});

server.listen(env.PORT, env.HOST, () => {
  console.log(`Atiende listening on http://${env.HOST}:${env.PORT} (${dev ? "development" : "production"})`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing in-flight work, then exiting`);
  // Clients reconnect (elsewhere, or here after the restart) and resume from their last event id.
  realtime.broadcastReconnect();
  await realtime.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await services.bus.close();
  await services.handle.close();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
