import path from "node:path";

import { createDatabase, DatabaseLockedError } from "../src/client";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

/** Opens the database the app would use, from the same variables the app reads. */
export async function openDatabaseFromEnv() {
  try {
    return await createDatabase({
      url: process.env.DATABASE_URL || undefined,
      dataDir: path.resolve(repoRoot, process.env.PGLITE_DATA_DIR || ".data/pglite"),
      migrationsFolder: path.resolve(import.meta.dirname, "../drizzle"),
    });
  } catch (error) {
    if (error instanceof DatabaseLockedError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
