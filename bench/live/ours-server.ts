import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { authenticateBearer, configFromEnv, createServices, readApiEnv, verifyBearer } from "@atiende/api";
import { attachRealtime, createTrpcHttpHandler, isTrpcHttpPath } from "@atiende/api/realtime";
import { createDatabase, sql } from "@atiende/db";

import { runServerChild } from "./child";
import { benchApiEnv, readServerSettings } from "./env";
import { migrationsFolder } from "./paths";

/** Atiende's server, wired as packages/api/src/test/server.ts wires it: tRPC over HTTP + WebSocket. */
runServerChild(async () => {
  const settings = readServerSettings();
  const handle = await createDatabase({ url: settings.databaseUrl, migrationsFolder, maxConnections: settings.pool });
  const services = createServices(handle.db, configFromEnv(readApiEnv(benchApiEnv())));
  // Open the whole pool now, so that its connections are not counted as memory per socket.
  await Promise.all(Array.from({ length: settings.pool }, () => handle.db.execute(sql`select pg_sleep(0.05)`)));

  const server = createServer();
  const bearer = (header: string | undefined) => header?.match(/^Bearer\s+(.+)$/i)?.[1];
  const http = createTrpcHttpHandler({
    services,
    authenticate: async (request) => {
      const token = bearer(request.headers.authorization);
      return token ? authenticateBearer(services.db, services.config, token) : null;
    },
  });
  server.on("request", (request, response) => {
    if (isTrpcHttpPath(request.url)) return void http(request, response);
    response.writeHead(404).end();
  });
  const realtime = attachRealtime({
    server,
    services,
    authenticate: async (_request, params) =>
      params?.token ? verifyBearer(services.db, services.config, params.token) : null,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.bus.close();
      await handle.close();
    },
  };
});
