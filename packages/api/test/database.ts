import { randomBytes } from "node:crypto";
import path from "node:path";

import type { CreateDatabaseOptions, DatabaseHandle } from "@atiende/db";
import { createDatabase } from "@atiende/db";
import postgres from "postgres";

const migrationsFolder = path.resolve(import.meta.dirname, "../../db/drizzle");

/** A test database; `url` (PostgreSQL only) lets a test open a second pool, as another instance. */
export type TestDatabase = DatabaseHandle & { url?: string };

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server in
 * DATABASE_URL (dropped again by `close`), or an in-memory PGlite when it is unset.
 */
export async function createTestDatabase(
  options: Pick<CreateDatabaseOptions, "onStatement"> = {},
): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await createDatabase({ migrationsFolder, ...options });
    await handle.migrate();
    return handle;
  }

  const name = `atiende_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await createDatabase({ url: url.toString(), migrationsFolder, maxConnections: 20, ...options });
  await handle.migrate();
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
