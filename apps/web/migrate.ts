/**
 * `node bundle/migrate.js`: applies the migrations and exits, for deployments that migrate as a
 * release step and start the servers with MIGRATE_ON_START=false. Needs only the database's
 * variables. Safe beside starting servers: migrations run under a PostgreSQL advisory lock.
 */
import path from "node:path";

import { openDatabase } from "~/server/database";

// This file sits in apps/web, in the repository and in the bundle alike.
const handle = await openDatabase(path.resolve(import.meta.dirname, "../.."));
try {
  await handle.migrate();
  console.log(`Migrations applied (${handle.kind}).`);
} finally {
  await handle.close();
}
