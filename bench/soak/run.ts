/**
 * `pnpm test:soak`: mixed load against a real server process for SOAK_MINUTES (default 15), failing
 * if the server's memory or handles keep growing or if any message is lost or duplicated. Not part
 * of `pnpm test`: it takes a quarter of an hour.
 */
import { loadavg } from "node:os";
import path from "node:path";

import { configFromEnv, readApiEnv } from "@atiende/api";

import type { BenchDatabase } from "../live/database";
import { createBenchDatabase, createPairs } from "../live/database";
import { benchApiEnv } from "../live/env";
import { machine, serverVersion } from "../live/machine";
import type { ServerProcess } from "../live/server-process";
import { startServerProcess } from "../live/server-process";
import { readSoakOptions } from "./env";
import { Ledger } from "./ledger";
import type { SoakSample } from "./report";
import { recordSoak, renderSoak, trends } from "./report";
import { SoakUser } from "./user";

const options = readSoakOptions();
const config = configFromEnv(readApiEnv(benchApiEnv()));
const resultsFile = path.resolve(import.meta.dirname, "../RESULTS.md");
const started = Date.now();
const log = (line: string) =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadMs = options.minutes * 60_000;
/** Each user drops its connection about this often, and comes back 0.5–3 s later. */
const RECONNECT_EVERY_MS = 30_000;
const DRAIN_MS = 30_000;

let database: BenchDatabase | undefined;
let server: ServerProcess | undefined;
let cleaning: Promise<void> | undefined;
const cleanUp = () =>
  (cleaning ??= (async () => {
    await server
      ?.stop()
      .catch((error: unknown) => console.error("Could not stop the server:", error));
    await database
      ?.drop()
      .catch((error: unknown) => console.error("Could not drop the database:", error));
  })());

const abort = (reason: string) => {
  console.error(`Aborting: ${reason}`);
  setTimeout(() => process.exit(1), 15_000).unref();
  void cleanUp().finally(() => process.exit(1));
};
const limitMs = loadMs + 5 * 60_000;
setTimeout(() => abort(`the run took longer than ${limitMs / 1000} s`), limitMs).unref();
process.once("SIGINT", () => abort("interrupted"));
process.once("SIGTERM", () => abort("terminated"));

async function main(): Promise<boolean> {
  log(`${options.minutes} min, ${options.pairs} pairs, a user acts every ~${options.paceMs} ms`);
  const loadAtStart = loadavg()[0] ?? 0;
  database = await createBenchDatabase(options.databaseUrl);
  const postgres = await serverVersion(database.handle.db);
  const records = await createPairs(database.handle, config, options.pairs);
  const proc = await startServerProcess("ours-server.ts", { databaseUrl: database.url, pool: 10 });
  server = proc;
  log(`database ${database.name}, server pid ${proc.pid} on port ${proc.port}`);

  const ledger = new Ledger();
  const target = { port: proc.port, config, ledger };
  const users = records.flatMap((r) => [
    new SoakUser(r.candidateId, "candidate", r.conversationId, r.agentId, target),
    new SoakUser(r.agentId, "agent", r.conversationId, r.candidateId, target),
  ]);
  for (let i = 0; i < users.length; i += 10)
    await Promise.all(users.slice(i, i + 10).map((u) => u.connect()));
  log(`${users.length} users connected and subscribed`);

  const counts = { sent: 0, typing: 0, lists: 0, reconnects: 0 };
  const endAt = Date.now() + loadMs;
  const act = async (user: SoakUser) => {
    while (Date.now() < endAt) {
      await sleep(options.paceMs * (0.5 + Math.random()));
      const roll = Math.random();
      if (roll < options.paceMs / RECONNECT_EVERY_MS) {
        counts.reconnects += 1;
        await user.disconnect();
        await sleep(500 + Math.random() * 2500);
        await user
          .connect()
          .catch((error: unknown) => ledger.error(`reconnect of ${user.id}`, error));
      } else if (roll < 0.55) {
        counts.sent += 1;
        user.send();
      } else if (roll < 0.8) {
        counts.typing += 1;
        user.typing();
      } else {
        counts.lists += 1;
        await user.list();
      }
    }
  };

  const samples: SoakSample[] = [];
  const loadStart = Date.now();
  const sampling = (async () => {
    while (Date.now() < endAt) {
      await sleep(options.sampleSeconds * 1000);
      const s = await proc.sample(true);
      const handles = Object.values(s.resources).reduce((sum, n) => sum + n, 0);
      samples.push({
        at: (Date.now() - loadStart) / 1000,
        rss: s.rss,
        heapUsed: s.heapUsed,
        handles,
      });
      log(
        `rss ${(s.rss / 2 ** 20).toFixed(1)} MB, heap ${(s.heapUsed / 2 ** 20).toFixed(1)} MB, handles ${handles}; ` +
          `${ledger.sent} sent, ${ledger.missing()} in transit, ${ledger.duplicates} dup, ${ledger.errors} errors`,
      );
    }
  })();
  await Promise.all([...users.map(act), sampling]);

  // Everyone comes back, and everything sent must reach the other side exactly once.
  await Promise.all(
    users
      .filter((u) => !u.connected)
      .map((u) => u.connect().catch((e: unknown) => ledger.error("final connect", e))),
  );
  await ledger.drain(DRAIN_MS);
  const final = await proc.sample(true);
  log(`drained; final resources: ${JSON.stringify(final.resources)}`);
  await Promise.all(users.map((u) => u.disconnect()));

  const measured = trends(samples);
  const lost = ledger.missing();
  const passed =
    measured.every((t) => t.flat) &&
    lost === 0 &&
    ledger.duplicates === 0 &&
    ledger.strangers === 0 &&
    ledger.errors === 0;
  const section = renderSoak({
    ...machine(postgres),
    minutes: options.minutes,
    pairs: options.pairs,
    paceMs: options.paceMs,
    sampleSeconds: options.sampleSeconds,
    loadAverage: [loadAtStart, loadavg()[0] ?? 0],
    counts,
    lost,
    duplicates: ledger.duplicates,
    strangers: ledger.strangers,
    errors: ledger.errors,
    firstError: ledger.firstError,
    samples,
    trends: measured,
    passed,
  });
  console.log(`\n${section}`);
  // Quick tries (SOAK_MINUTES below 5) are not worth a record.
  if (options.minutes >= 5) {
    recordSoak(resultsFile, section);
    log(`recorded in ${resultsFile}`);
  }
  return passed;
}

main()
  .then((passed) => {
    if (!passed) {
      console.error("Soak failed: see the table above");
      process.exitCode = 1;
    }
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => void cleanUp());
