import { loadavg } from "node:os";
import path from "node:path";

import { configFromEnv, readApiEnv } from "@atiende/api";
import { selectRows, sql } from "@atiende/db";

import { baselineConnector } from "./baseline-client";
import type { BenchDatabase } from "./database";
import { createBenchDatabase, createPairs } from "./database";
import { benchApiEnv, readBenchOptions } from "./env";
import { GRACE_MS } from "./load";
import { machine, serverVersion } from "./machine";
import { oursConnector } from "./ours-client";
import type { RunInfo } from "./report";
import { buildRows, legend, recordResults, renderSection, renderTable } from "./report";
import type { SystemResult } from "./system";
import { runSystem, SETTLE_MAX_MS } from "./system";

const options = readBenchOptions();
const config = configFromEnv(readApiEnv(benchApiEnv()));
const resultsFile = path.resolve(import.meta.dirname, "../RESULTS.md");
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);

let database: BenchDatabase | undefined;
let dropping: Promise<void> | undefined;
const dropDatabase = () => (dropping ??= database?.drop() ?? Promise.resolve());

// A hard stop, so that a stuck run still ends, kills its servers (see server-process.ts) and drops
// its database. Generous for two systems each connecting, warming up and running two phases, with
// a few phases followed by a full SETTLE_MAX_MS of waiting for a backlog; still under 10 minutes
// with the defaults and with 500 pairs.
const limitMs = 120_000 + 4 * (options.seconds * 1000 + GRACE_MS) + 4 * SETTLE_MAX_MS + 150 * options.pairs;
const abort = (reason: string) => {
  console.error(`Aborting: ${reason}`);
  const exit = setTimeout(() => process.exit(1), 15_000);
  exit.unref();
  void dropDatabase()
    .catch((error: unknown) => console.error("Could not drop the database:", error))
    .finally(() => process.exit(1));
};
const watchdog = setTimeout(() => abort(`the run took longer than ${limitMs / 1000} s`), limitMs);
watchdog.unref();
process.once("SIGINT", () => abort("interrupted"));
process.once("SIGTERM", () => abort("terminated"));

async function main() {
  const loadAtStart = loadavg()[0] ?? 0;
  log(`${options.pairs} pairs, ${options.rate} msg/s, ${options.seconds} s phases, pool ${options.pool}`);
  database = await createBenchDatabase(options.databaseUrl);
  log(`database ${database.name} created and migrated`);
  const postgres = await serverVersion(database.handle.db);
  const records = await createPairs(database.handle, config, options.pairs);
  log(`${records.length} pairs of users and their conversations created`);

  const db = database.handle.db;
  const plan = {
    records,
    countStored: async (prefix: string) => {
      const [row] = await selectRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from support_messages where client_message_id like ${`${prefix}-%`}`,
      );
      return row?.n ?? 0;
    },
    databaseUrl: database.url,
    pool: options.pool,
    rate: options.rate,
    seconds: options.seconds,
  };
  // Each system starts from the same state: dead rows vacuumed, statistics fresh, dirty pages
  // written, so that the first system's writes do not slow the second one down.
  const settleDatabase = async () => {
    await db.execute(sql`vacuum analyze`);
    await db.execute(sql`checkpoint`).catch(() => log("(no checkpoint: needs a superuser)"));
  };
  await settleDatabase();
  log("Atiende:");
  const ours: SystemResult = await runSystem({
    ...plan,
    label: "ours",
    entry: "ours-server.ts",
    connector: (port) => oursConnector(port, config),
    log: (line) => log(`  ${line}`),
  });
  await settleDatabase();
  log("Baseline:");
  const baseline: SystemResult = await runSystem({
    ...plan,
    label: "base",
    entry: "baseline-server.ts",
    connector: (port) => baselineConnector(port),
    log: (line) => log(`  ${line}`),
  });

  const info: RunInfo = {
    ...machine(postgres),
    pairs: options.pairs,
    rate: options.rate,
    seconds: options.seconds,
    pool: options.pool,
    load: [loadAtStart, loadavg()[0] ?? 0],
    note: options.note,
  };
  const table = renderTable(buildRows(info, ours, baseline));
  const errors = [ours, baseline].flatMap((result, i) =>
    [result.warmUp, result.fixed, result.closed].flatMap((phase) => {
      const who = i === 0 ? "Atiende" : "baseline";
      return [
        ...(phase.firstError ? [`First error (${who}): ${phase.firstError.slice(0, 300)}`] : []),
        ...(phase.strangers ? [`${who}: ${phase.strangers} arrivals of messages from an earlier phase`] : []),
      ];
    }),
  );
  console.log(`\n${options.pairs} pairs, ${options.rate} msg/s, ${options.seconds} s phases\n\n${table}\n`);
  for (const line of legend(info)) console.log(line);
  for (const line of errors) console.log(line);
  recordResults(resultsFile, renderSection(info, table, errors));
  log(`results recorded in ${resultsFile}`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await dropDatabase().catch((error: unknown) => console.error("Could not drop the database:", error));
    if (database) log(`database ${database.name} dropped`);
    clearTimeout(watchdog);
  });
