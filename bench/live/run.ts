import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";
import path from "node:path";

import { configFromEnv, readApiEnv } from "@atiende/api";
import { selectRows, sql } from "@atiende/db";

import { baselineConnector } from "./baseline-client";
import type { BenchDatabase } from "./database";
import { createBenchDatabase, createPairs } from "./database";
import { benchApiEnv, readBenchOptions } from "./env";
import { GRACE_MS } from "./load";
import { oursConnector } from "./ours-client";
import type { RunInfo } from "./report";
import { buildRows, recordResults, renderSection, renderTable } from "./report";
import type { SystemResult } from "./system";
import { runSystem } from "./system";

const options = readBenchOptions();
const config = configFromEnv(readApiEnv(benchApiEnv()));
const resultsFile = path.resolve(import.meta.dirname, "../RESULTS.md");
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);

let database: BenchDatabase | undefined;
let dropping: Promise<void> | undefined;
const dropDatabase = () => (dropping ??= database?.drop() ?? Promise.resolve());

// A hard stop, so that a stuck run still ends, kills its servers (see server-process.ts) and drops
// its database. Generous: two systems, each connecting, warming up and running two phases.
const limitMs = 180_000 + 4 * (options.seconds * 1000 + GRACE_MS) + 200 * options.pairs;
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

function cores(): number {
  try {
    return Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {
    return availableParallelism();
  }
}

async function main() {
  log(`${options.pairs} pairs, ${options.rate} msg/s, ${options.seconds} s phases, pool ${options.pool}`);
  database = await createBenchDatabase(options.databaseUrl);
  log(`database ${database.name} created and migrated`);
  const [version] = await selectRows<{ server_version: string }>(database.handle.db, sql`show server_version`);
  const records = await createPairs(database.handle, config, options.pairs);
  log(`${records.length} pairs of users and their conversations created`);

  const plan = {
    records,
    databaseUrl: database.url,
    pool: options.pool,
    rate: options.rate,
    seconds: options.seconds,
  };
  log("Atiende:");
  const ours: SystemResult = await runSystem({
    ...plan,
    label: "ours",
    entry: "ours-server.ts",
    connector: (port) => oursConnector(port, config),
    log: (line) => log(`  ${line}`),
  });
  log("Baseline:");
  const baseline: SystemResult = await runSystem({
    ...plan,
    label: "base",
    entry: "baseline-server.ts",
    connector: (port) => baselineConnector(port),
    log: (line) => log(`  ${line}`),
  });

  const info: RunInfo = {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cores: cores(),
    node: process.version,
    postgres: version?.server_version ?? "unknown",
    pairs: options.pairs,
    rate: options.rate,
    seconds: options.seconds,
    pool: options.pool,
  };
  const table = renderTable(buildRows(info, ours, baseline));
  const errors = [ours, baseline].flatMap((result, i) =>
    [result.warmUp, result.fixed, result.closed].flatMap((phase) =>
      phase.firstError ? [`First error (${i === 0 ? "Atiende" : "baseline"}): ${phase.firstError.slice(0, 300)}`] : [],
    ),
  );
  console.log(`\n${table}\n`);
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
