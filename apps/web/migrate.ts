/**
 * `node bundle/migrate.js`: applies the migrations and exits, for deployments that migrate as a
 * release step and start the servers with MIGRATE_ON_START=false. Needs only the database's
 * variables. Safe beside starting servers: migrations run under a PostgreSQL advisory lock.
 */
import path from "node:path";

import { installQueueSchema } from "@atiende/api/webhooks";

import { readDatabaseEnv } from "~/database-env";
import { openDatabase } from "~/server/database";

// This file sits in apps/web, in the repository and in the bundle alike.
const env = readDatabaseEnv();
const handle = await openDatabase(path.resolve(import.meta.dirname, "../.."), env);
try {
  await handle.migrate();
  // The webhook queue's tables (pg-boss, on PostgreSQL only), which servers started with
  // MIGRATE_ON_START=false do not create.
  if (env.DATABASE_URL) await installQueueSchema(env.DATABASE_URL);
  console.log(`Migrations applied (${handle.kind}).`);
} finally {
  await handle.close();
}
