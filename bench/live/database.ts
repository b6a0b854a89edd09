import { randomBytes } from "node:crypto";

import type { ApiConfig } from "@atiende/api";
import { createCaller, createInnerContext } from "@atiende/api";
import { createServices } from "@atiende/api/server";
import type { DatabaseHandle, User } from "@atiende/db";
import { createDatabase, rebuildSearchDocuments, selectRows, sql, users } from "@atiende/db";
import postgres from "postgres";

import type { PairRecord } from "./endpoints";
import { migrationsFolder } from "./paths";

export interface BenchDatabase {
  url: string;
  name: string;
  handle: DatabaseHandle;
  /** Closes the handle and drops the database. */
  drop: () => Promise<void>;
}

/** A fresh, migrated database on the server at `serverUrl`, as packages/api/test/database.ts makes one. */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `atiende_bench_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  const dropDatabase = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  };
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle | undefined;
  try {
    handle = await createDatabase({ url: url.toString(), migrationsFolder, maxConnections: 10 });
    await handle.migrate();
  } catch (error) {
    await handle?.close();
    await dropDatabase();
    throw error;
  }
  const opened = handle;
  return {
    url: url.toString(),
    name,
    handle: opened,
    drop: async () => {
      await opened.close().catch(() => undefined);
      await dropDatabase();
    },
  };
}

/**
 * `count` candidates and as many agents, inserted directly, and one conversation per pair opened by
 * its candidate through the API. `tag` keeps the e-mail addresses of several sets apart.
 */
export async function createPairs(
  handle: DatabaseHandle,
  config: ApiConfig,
  count: number,
  tag = "",
): Promise<PairRecord[]> {
  const rows = (role: string) =>
    Array.from({ length: count }, (_, i) => ({ email: `${role}${tag}-${i}@bench.example`, name: `${role} ${i}`, role }));
  const candidates = await insertUsers(handle, rows("candidato"));
  const agents = await insertUsers(handle, rows("soporte"));

  const services = createServices(handle.db, config);
  const records: PairRecord[] = [];
  const batch = 10;
  for (let i = 0; i < count; i += batch) {
    const created = await Promise.all(
      candidates.slice(i, i + batch).map(async (candidate, j) => {
        const agent = agents[i + j];
        if (!agent) throw new Error(`no agent for pair ${i + j}`);
        const caller = createCaller(createInnerContext(services, candidate));
        const conversation = await caller.conversation.create({ subject: `Bench ${i + j}` });
        return { conversationId: conversation.id, candidateId: candidate.id, agentId: agent.id };
      }),
    );
    records.push(...created);
  }
  await services.bus.close();
  return records;
}

async function insertUsers(handle: DatabaseHandle, values: { email: string; name: string; role: string }[]) {
  const inserted: User[] = [];
  // Bounded statements: a single insert of thousands of rows would hit the parameter limit.
  for (let i = 0; i < values.length; i += 500) {
    inserted.push(...(await handle.db.insert(users).values(values.slice(i, i + 500)).returning()));
  }
  return inserted;
}

/**
 * Gives each pair's conversation `messages` earlier messages, alternating sender, shaped as the
 * load's own (each names itself, so each has a search word of its own, as names, numbers and codes
 * do in real chats), and the conversation's search document as the API would have built it. No audit rows: the event numbers stay as they were, so subscribers start as in a
 * new conversation and only the stored history differs.
 */
export async function seedLongConversations(handle: DatabaseHandle, records: readonly PairRecord[], messages: number) {
  for (const [i, record] of records.entries()) {
    await handle.db.execute(sql`
      insert into support_messages (conversation_id, sender_user_id, content, message_type, client_message_id, created_at)
      select ${record.conversationId}::uuid,
        case when k % 2 = 0 then ${record.agentId}::uuid else ${record.candidateId}::uuid end,
        'seed-' || ${i}::int || '-' || k, 'text', 'seed-' || ${i}::int || '-' || k,
        now() - interval '1 second' * (${messages}::int - k + 60)
      from generate_series(1, ${messages}::int) k`);
    await handle.db.execute(sql`
      insert into support_conversation_participants (conversation_id, user_id, participant_role)
      values (${record.conversationId}::uuid, ${record.agentId}::uuid, 'soporte')
      on conflict do nothing`);
  }
  const ids = records.map((record) => record.conversationId);
  await handle.db.execute(rebuildSearchDocuments(sql`c.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`));
}

/** The process ids of the database's other backends (the servers' pools), for their CPU time. */
export async function backendPids(db: DatabaseHandle["db"]): Promise<number[]> {
  const rows = await selectRows<{ pid: number }>(
    db,
    sql`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
  );
  return rows.map((row) => row.pid);
}
