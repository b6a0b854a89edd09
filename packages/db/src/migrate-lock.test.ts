import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";

import type { DatabaseHandle } from "./client";
import { createDatabase, MIGRATION_LOCK_KEY } from "./client";

const migrationsFolder = path.resolve(import.meta.dirname, "../drizzle");
const journal = JSON.parse(
  readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8"),
) as {
  entries: unknown[];
};
const serverUrl = process.env.DATABASE_URL;

// Instances starting at once: PostgreSQL only (an embedded database has one process by design).
describe.runIf(serverUrl)("migrations on a shared PostgreSQL", () => {
  const name = `atiende_migrate_${randomBytes(6).toString("hex")}`;
  const url = new URL(serverUrl ?? "postgres://unset");
  url.pathname = `/${name}`;
  const admin = postgres(serverUrl ?? "", { max: 1, onnotice: () => undefined });
  const other = postgres(url.toString(), { max: 1, onnotice: () => undefined });
  const handles: DatabaseHandle[] = [];

  afterAll(async () => {
    await Promise.all(handles.map((handle) => handle.close()));
    await other.end();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it("take turns under an advisory lock: all wait for its holder, none applies a migration twice", async () => {
    await admin.unsafe(`create database ${name}`);
    // Someone else is migrating: it holds the lock.
    await other`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;

    for (let i = 0; i < 4; i++) {
      handles.push(
        await createDatabase({ url: url.toString(), migrationsFolder, maxConnections: 2 }),
      );
    }
    let finished = 0;
    const migrating = Promise.all(handles.map((handle) => handle.migrate().then(() => finished++)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(finished).toBe(0);

    await other`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    await migrating;
    expect(finished).toBe(4);
    const [applied] = await other<
      { n: number }[]
    >`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(applied?.n).toBe(journal.entries.length);
    // The lock is free again.
    const [free] = await other<
      { ok: boolean }[]
    >`select pg_try_advisory_lock(${MIGRATION_LOCK_KEY}) as ok`;
    expect(free?.ok).toBe(true);
  });
});
