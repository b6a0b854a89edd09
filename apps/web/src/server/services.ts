import path from "node:path";

import type { ApiServices } from "@atiende/api";
import { configFromEnv, createServices, readApiEnv } from "@atiende/api";
import type { DatabaseHandle } from "@atiende/db";
import { count, createDatabase, seedDemoData, users } from "@atiende/db";

import { env } from "~/env";

// Paths are relative to the repository root, wherever the app is started from.
const repoRoot = path.resolve(process.cwd(), "../..");

export interface Services extends ApiServices {
  handle: DatabaseHandle;
}

async function start(): Promise<Services> {
  const handle = await createDatabase({
    url: env.DATABASE_URL,
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
  const services = createServices(handle.db, configFromEnv(readApiEnv()));
  return { ...services, handle };
}

// Route handlers and the instrumentation hook load separate copies of this module; one process
// must still hold one database (PGlite allows only one opener), so the promise lives on globalThis.
const globalForServices = globalThis as unknown as { atiendeServices?: Promise<Services> };

export function getServices(): Promise<Services> {
  globalForServices.atiendeServices ??= start();
  return globalForServices.atiendeServices;
}
