import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { configFromEnv, readApiEnv } from "@atiende/api";
import { bearerIdentity, createServices, serveApi } from "@atiende/api/server";
import { createDatabase, sql } from "@atiende/db";

import { runServerChild } from "./child";
import { benchApiEnv, readServerSettings } from "./env";
import { migrationsFolder } from "./paths";

/** Atiende's server as the app serves it (tRPC over HTTP + WebSocket), with bearer-token auth. */
runServerChild(async () => {
  const settings = readServerSettings();
  const handle = await createDatabase({ url: settings.databaseUrl, migrationsFolder, maxConnections: settings.pool });
  const services = createServices(handle.db, configFromEnv(readApiEnv(benchApiEnv())));
  // Open the whole pool now, so that its connections are not counted as memory per socket.
  await Promise.all(Array.from({ length: settings.pool }, () => handle.db.execute(sql`select pg_sleep(0.05)`)));

  const server = createServer();
  const realtime = serveApi({
    server,
    services,
    identify: bearerIdentity(services),
    fallback: (_request, response) => response.writeHead(404).end(),
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
