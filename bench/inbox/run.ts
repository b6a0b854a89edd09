import { loadavg } from "node:os";
import path from "node:path";

import { configFromEnv, createCaller, createInnerContext, readApiEnv } from "@atiende/api";
import { createServices } from "@atiende/api/server";
import type { User } from "@atiende/db";
import {
  eq,
  LONG_CONVERSATION_SUBJECT,
  selectRows,
  sql,
  users,
  VOLUME_EMAIL_DOMAIN,
} from "@atiende/db";
import postgres from "postgres";

import { machine, serverVersion } from "../live/machine";
import { buildCases } from "./cases";
import type { InboxDatabase } from "./database";
import { openInboxDatabase } from "./database";
import { benchApiEnv, readInboxBenchOptions } from "./env";
import type { CaseResult } from "./measure";
import { measureCase } from "./measure";
import type { InboxRunInfo } from "./report";
import { isMet, recordResults, renderSection, renderTable } from "./report";

const options = readInboxBenchOptions();
const resultsFile = path.resolve(import.meta.dirname, "../RESULTS.md");
const started = Date.now();
const log = (line: string) =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
/** A word from seed-volume-words.ts's RARE_WORDS (a few dozen messages) and one from the head of WORDS. */
const RARE_WORD = "apostilla";
const COMMON_WORD = "cuenta";

async function one<T extends Record<string, unknown>>(
  database: InboxDatabase,
  query: ReturnType<typeof sql>,
) {
  const [row] = await selectRows<T>(database.handle.db, query);
  if (!row) throw new Error("The volume data is incomplete: run again with --reseed");
  return row;
}

async function agent(database: InboxDatabase, n: number): Promise<User> {
  const [user] = await database.handle.db
    .select()
    .from(users)
    .where(eq(users.email, `agente-${n}@${VOLUME_EMAIL_DOMAIN}`));
  if (!user) throw new Error(`agente-${n} is missing: run again with --reseed`);
  return user;
}

/** How many messages and conversations a word (as a prefix, like the search) matches. */
async function selectivity(database: InboxDatabase, word: string) {
  const row = await one<{ messages: number; conversations: number }>(
    database,
    sql`select count(*)::int as messages, count(distinct conversation_id)::int as conversations
        from support_messages where to_tsvector('simple', content) @@ to_tsquery('simple', ${`${word}:*`})`,
  );
  return `"${word}" (as a prefix) is in ${row.messages} messages of ${row.conversations} conversations`;
}

/** The 1-minute load average: other processes on the machine show up in every p99. */
const load = () => loadavg()[0]?.toFixed(1) ?? "?";

async function main() {
  const loadBefore = load();
  const volume = {
    conversations: options.conversations,
    messages: options.messages,
    longConversationMessages: options.longConversationMessages,
  };
  const database = await openInboxDatabase(options.serverUrl, volume, {
    reseed: options.reseed,
    log,
  });
  const raw = postgres(database.url, { max: 10, onnotice: () => undefined });
  const services = createServices(database.handle.db, configFromEnv(readApiEnv(benchApiEnv())));
  try {
    const [viewer, other] = [await agent(database, 0), await agent(database, 1)];
    const { id: longConversationId } = await one<{ id: string }>(
      database,
      sql`select id from support_conversations where subject = ${LONG_CONVERSATION_SUBJECT}`,
    );
    const { id: deepMessageId } = await one<{ id: string }>(
      database,
      sql`select id from support_messages where conversation_id = ${longConversationId}
          order by created_at desc, id desc offset 40000 limit 1`,
    );
    const { id: deepCursor } = await one<{ id: string }>(
      database,
      sql`select id from support_conversations where deleted_at is null
          order by last_message_at desc, id desc offset 9999 limit 1`,
    );
    const cases = buildCases({
      caller: createCaller(createInnerContext(services, viewer)),
      viewerId: viewer.id,
      otherCaller: createCaller(createInnerContext(services, other)),
      otherViewerId: other.id,
      sql: raw,
      deepCursor,
      rareWord: RARE_WORD,
      commonWord: COMMON_WORD,
      longConversationId,
      deepMessageId,
    });
    const results: CaseResult[] = [];
    for (const bench of cases) {
      const result = await measureCase(bench, {
        iterations: options.iterations,
        warmUp: options.warmUp,
        budgetMs: options.secondsPerQuery * 1000,
      });
      results.push(result);
      log(
        `${result.name}: ours p50 ${result.ours.p50.toFixed(2)} p99 ${result.ours.p99.toFixed(2)} ms, ` +
          `raw p50 ${result.raw.p50.toFixed(2)} p99 ${result.raw.p99.toFixed(2)} ms`,
      );
    }

    const info: InboxRunInfo = {
      ...machine(await serverVersion(database.handle.db)),
      ...volume,
      iterations: options.iterations,
      warmUp: options.warmUp,
      secondsPerQuery: options.secondsPerQuery,
    };
    const met = results.filter(isMet).length;
    const notes = [
      `Load average (1 min) ${loadBefore} at the start, ${load()} at the end, on ${info.cores} cores: ` +
        "the p99s include waiting for a core.",
      "Viewer: agente-0, assigned to the long conversation and up to date in it; the second row is agente-1, " +
        "for whom every message of the long conversation (at the top of the inbox) counts as unread.",
      `Search selectivity: ${await selectivity(database, RARE_WORD)}; ${await selectivity(database, COMMON_WORD)}.`,
      `Verdict: ${met} of ${results.length} queries meet their targets (p99 under the target and p50 within the ratio).`,
    ];
    const table = renderTable(results);
    console.log(`\n${table}\n`);
    for (const note of notes) console.log(note);
    recordResults(resultsFile, renderSection(info, table, notes));
    log(`results recorded in ${resultsFile}`);
  } finally {
    await services.bus.close();
    await raw.end({ timeout: 5 });
    await database.handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
