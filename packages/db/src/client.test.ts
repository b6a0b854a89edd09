import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

import { createDatabase, DatabaseLockedError, selectRows } from "./client";
import { seedDemoData } from "./seed";
import { HISTORY_DAYS } from "./seed-history";
import { supportConversations, users } from "./schema";

const migrationsFolder = path.resolve(import.meta.dirname, "../drizzle");
const scratch = mkdtempSync(path.join(tmpdir(), "atiende-db-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the embedded database", () => {
  it("refuses a second opener of the same folder with a clear error, and frees it on close", async () => {
    const dataDir = path.join(scratch, "locked");
    const first = await createDatabase({ dataDir, migrationsFolder });
    await expect(createDatabase({ dataDir, migrationsFolder })).rejects.toBeInstanceOf(
      DatabaseLockedError,
    );
    await expect(createDatabase({ dataDir, migrationsFolder })).rejects.toThrow(/in use by another process/);
    await first.close();

    const again = await createDatabase({ dataDir, migrationsFolder });
    await again.close();
  });

  it("migrates idempotently and leaves tables that are not ours alone", async () => {
    const dataDir = path.join(scratch, "existing");
    const handle = await createDatabase({ dataDir, migrationsFolder });
    await handle.db.execute(sql`create table host_jobs (id serial primary key, title text)`);
    await handle.db.execute(sql`insert into host_jobs (title) values ('Desarrolladora')`);
    await handle.migrate();
    await handle.migrate();
    await handle.close();

    const reopened = await createDatabase({ dataDir, migrationsFolder });
    await reopened.migrate();
    const jobs = await selectRows(reopened.db, sql`select title from host_jobs`);
    expect(jobs).toEqual([{ title: "Desarrolladora" }]);
    await reopened.close();
  });

  it("seeds the demo data once, however often it runs", async () => {
    const handle = await createDatabase({ migrationsFolder });
    await handle.migrate();
    await seedDemoData(handle.db, { password: "demo1234" });
    await seedDemoData(handle.db, { password: "demo1234" });
    const people = await handle.db.select({ email: users.email, role: users.role }).from(users);
    expect(people.map((p) => p.email).sort()).toEqual([
      "admin@example.com",
      "candidato2@example.com",
      "candidato3@example.com",
      "candidato4@example.com",
      "candidato5@example.com",
      "candidato6@example.com",
      "candidato@example.com",
      "developer@example.com",
      "soporte2@example.com",
      "soporte@example.com",
    ]);
    const conversations = await handle.db.select().from(supportConversations);
    const subjects = conversations.map((c) => c.subject);
    expect(subjects).toEqual(expect.arrayContaining(["No puedo subir mi CV", "Duda sobre una entrevista"]));
    // Two demo conversations and a month of history, added once.
    expect(conversations.length).toBeGreaterThan(2 + HISTORY_DAYS * 2 - 1);
    expect(conversations.length).toBeLessThanOrEqual(2 + HISTORY_DAYS * 5);
    // The history is answered, resolved and rated, and older than the live demo conversations.
    const [history] = await selectRows<{ answered: number; resolved: number; ratings: number; newest: Date }>(
      handle.db,
      sql`select count(first_response_at)::int as answered, count(resolved_at)::int as resolved,
            (select count(*)::int from support_ratings) as ratings, max(last_message_at) as newest
          from support_conversations where subject not in ('No puedo subir mi CV', 'Duda sobre una entrevista')`,
    );
    expect(history?.answered).toBeGreaterThan(HISTORY_DAYS);
    expect(history?.resolved).toBeGreaterThan(HISTORY_DAYS);
    expect(history?.ratings).toBeGreaterThan(HISTORY_DAYS / 2);
    expect(new Date(history?.newest ?? 0).getTime()).toBeLessThan(Date.now() - 12 * 3_600_000);
    await handle.close();
  });
});
