import path from "node:path";

import { createDatabase } from "@atiende/db";

import { readDatabaseEnv } from "~/database-env";

/** Opens the app's database; `root` is the folder relative paths start at (see database-env.ts). */
export function openDatabase(root: string, env = readDatabaseEnv()) {
  return createDatabase({
    url: env.DATABASE_URL,
    connectTimeoutSeconds: env.DATABASE_CONNECT_TIMEOUT_SECONDS,
    dataDir: path.resolve(root, env.PGLITE_DATA_DIR),
    migrationsFolder: path.resolve(root, env.DATABASE_MIGRATIONS_DIR),
  });
}
