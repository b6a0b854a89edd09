/**
 * `pnpm bench:limit`: Atiende as people run it (`pnpm build`, `pnpm start`: Next and the API in one
 * process) against the physical limit (bare-server.ts: one POST, one INSERT, one push), loaded as
 * real clients load it: open loop, one HTTP request per send, every user subscribed over its
 * WebSocket. Per system, on a fresh server: memory per idle subscribed socket (RSS from /proc, no
 * forced gc), a fixed rate (latency, server CPU per message), then a ramp ×1.25 from 100 msg/s
 * until a step misses p99 ≤ 250 ms or leaves anything unsent or undelivered. Ratios are
 * Atiende/limit; recorded in bench/RESULTS.md with the machine's load.
 */
import { loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { configFromEnv, readApiEnv } from "@atiende/api";
import { sql } from "@atiende/db";

import type { BenchDatabase } from "./database";
import { createBenchDatabase, createPairs } from "./database";
import type { ConnectUser, PairRecord } from "./endpoints";
import { connectPairs } from "./endpoints";
import { benchProductionApiEnv, readLimitOptions } from "./env";
import { httpPoster } from "./http-send";
import { bareLimitConnector, oursHttpConnector } from "./limit-clients";
import type { PhaseResult } from "./load";
import { fixedRatePhase } from "./load";
import { machine, machineLine, serverVersion } from "./machine";
import { readProcess } from "./proc";
import { startProductionServer } from "./production-server";
import { recordInSection } from "./results-file";
import type { ServerProcess } from "./server-process";
import { startServerProcess } from "./server-process";
import { createSink, DeliveryTracker } from "./tracker";

const options = readLimitOptions();
const config = configFromEnv(readApiEnv(benchProductionApiEnv()));
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Step {
  rate: number;
  result: PhaseResult;
  /** Server CPU per delivered message, in ms. */
  cpuPerMessage: number;
  passed: boolean;
}

interface LimitResult {
  rssPerSocket: number;
  fixed: Step;
  ramp: Step[];
  /** The highest offered rate whose step passed (0 if none did). */
  sustainable: number;
}

const passes = (result: PhaseResult) =>
  result.lost === 0 && result.sendErrors === 0 && result.duplicated === 0 && result.latency.p99 <= options.p99LimitMs;

async function measureSystem(
  label: string,
  server: ServerProcess,
  connector: ConnectUser,
  records: readonly PairRecord[],
  closeClients: () => void,
): Promise<LimitResult> {
  const sink = createSink();
  const system = await (async () => {
    await sleep(1000);
    const before = readProcess(server.pid).rss;
    const connected = await connectPairs(records, connector, sink);
    await sleep(2000);
    const idle = readProcess(server.pid).rss;
    return { connected, rssPerSocket: (idle - before) / (records.length * 2) };
  })();
  log(`  ${records.length * 2} sockets subscribed; ${(system.rssPerSocket / 1024).toFixed(1)} KB RSS each`);
  const { pairs } = system.connected;
  const inFlight = () => pairs.reduce((n, pair) => n + pair.candidate.inFlight() + pair.agent.inFlight(), 0);
  let phase = 0;
  const step = async (rate: number, seconds: number): Promise<Step> => {
    const tracker = new DeliveryTracker(`${label}-${(phase += 1)}`);
    sink.current = tracker;
    const cpuBefore = readProcess(server.pid).cpuMicros;
    const result = await fixedRatePhase(pairs, tracker, rate, seconds);
    const cpuMicros = readProcess(server.pid).cpuMicros - cpuBefore;
    // A backlog left by a failed step must not count against the next one.
    await tracker.settle(inFlight, 3000, 45_000);
    sink.current = undefined;
    return { rate, result, cpuPerMessage: cpuMicros / 1000 / Math.max(1, result.arrived), passed: passes(result) };
  };
  try {
    // Unmeasured: compiled code, prepared statements, opened connections.
    await step(100, 3);
    const fixed = await step(options.rate, options.seconds);
    log(
      `  ${options.rate} msg/s: p50 ${fixed.result.latency.p50.toFixed(1)} ms, p99 ${fixed.result.latency.p99.toFixed(1)} ms, ` +
        `${fixed.cpuPerMessage.toFixed(2)} ms CPU per message, ${fixed.result.lost} lost`,
    );
    const ramp: Step[] = [];
    for (let rate = options.start; rate <= options.maxRate; rate = Math.round(rate * options.factor)) {
      const done = await step(rate, options.stepSeconds);
      ramp.push(done);
      log(
        `  ramp ${rate} msg/s: p99 ${done.result.latency.p99.toFixed(1)} ms, ${done.result.lost} lost, ` +
          `${done.result.sendErrors} errors, ${done.cpuPerMessage.toFixed(2)} ms CPU/msg${done.passed ? "" : " — missed"}`,
      );
      if (!done.passed) break;
    }
    const sustainable = ramp.filter((s) => s.passed).at(-1)?.rate ?? 0;
    return { rssPerSocket: system.rssPerSocket, fixed, ramp, sustainable };
  } finally {
    await system.connected.close();
    closeClients();
  }
}

let database: BenchDatabase | undefined;

async function main() {
  const loadAtStart = loadavg()[0] ?? 0;
  database = await createBenchDatabase(options.databaseUrl);
  const postgres = await serverVersion(database.handle.db);
  const records = await createPairs(database.handle, config, options.pairs);
  log(`${options.pairs} pairs created in ${database.name}`);
  const settle = async () => {
    await database?.handle.db.execute(sql`vacuum analyze`);
    await database?.handle.db.execute(sql`checkpoint`).catch(() => undefined);
  };
  const settings = { databaseUrl: database.url, pool: 10 };

  await settle();
  log("Physical limit (bare-server.ts):");
  const bareServer = await startServerProcess("bare-server.ts", settings);
  const barePoster = httpPoster(bareServer.port);
  const bare = await measureSystem("bare", bareServer, bareLimitConnector(bareServer.port, barePoster), records, barePoster.close).finally(
    () => bareServer.stop(),
  );

  await settle();
  log("Atiende (the production server):");
  const oursServer = await startProductionServer(settings);
  const oursPoster = httpPoster(oursServer.port);
  const ours = await measureSystem("ours", oursServer, oursHttpConnector(oursServer.port, config, oursPoster), records, oursPoster.close).finally(
    () => oursServer.stop(),
  );

  const section = render(ours, bare, [loadAtStart, loadavg()[0] ?? 0], postgres);
  console.log(`\n${section}`);
  recordInSection(path.resolve(import.meta.dirname, "../RESULTS.md"), RESULTS, section);
}

const RESULTS = {
  marker: "<!-- limit runs: newest first -->",
  intro: `# Against the physical limit

Written by \`pnpm bench:limit\` (bench/live/limit.ts): Atiende's production server (\`pnpm start\`)
against the bare limit (\`node:http\` + \`ws\` + \`postgres\`: one POST, one INSERT, one push), open
loop, one HTTP request per send, every user subscribed over its WebSocket. Server memory and CPU
from /proc, without a forced gc. Ratios are Atiende/limit. Newest run first.
`,
};

function render(ours: LimitResult, bare: LimitResult, load: [number, number], postgres: string): string {
  const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : "–");
  const row = (metric: string, o: number, b: number, digits: number, target: string) =>
    `| ${metric} | ${o.toFixed(digits)} | ${b.toFixed(digits)} | ${ratio(o, b)} | ${target} |`;
  const ramp = (result: LimitResult) =>
    result.ramp.map((s) => `${s.rate}${s.passed ? "" : ` (p99 ${s.result.latency.p99.toFixed(0)} ms, ${s.result.lost} lost)`}`).join(", ");
  return [
    `## ${machine(postgres).date} — ${options.pairs} pairs, ${options.rate} msg/s fixed, ramp ×${options.factor} from ${options.start} msg/s`,
    "",
    `- ${machineLine(machine(postgres))}`,
    `- Load average (1 min) at start / end: ${load.map((l) => l.toFixed(1)).join(" / ")}${load[0] > 1.5 ? " — the machine was busy: other work shared its cores" : ""}`,
    ...(options.note ? [`- Changed: ${options.note}`] : []),
    "",
    "| Metric | Atiende | Limit | Atiende/limit | Target |",
    "| --- | --- | --- | --- | --- |",
    row(`Sustainable rate, p99 ≤ ${options.p99LimitMs} ms and nothing lost (msg/s)`, ours.sustainable, bare.sustainable, 0, "≥ 0.6×"),
    row(`p50 at ${options.rate} msg/s (ms)`, ours.fixed.result.latency.p50, bare.fixed.result.latency.p50, 1, ""),
    row(`p99 at ${options.rate} msg/s (ms)`, ours.fixed.result.latency.p99, bare.fixed.result.latency.p99, 1, "≤ 3×"),
    row(`Server CPU per message at ${options.rate} msg/s (ms)`, ours.fixed.cpuPerMessage, bare.fixed.cpuPerMessage, 2, "≤ 2×"),
    row("RSS per idle subscribed socket, fresh server (KB)", ours.rssPerSocket / 1024, bare.rssPerSocket / 1024, 1, "≤ 20 KB"),
    row(`Lost + unsent + duplicated at ${options.rate} msg/s`, ours.fixed.result.lost + ours.fixed.result.sendErrors + ours.fixed.result.duplicated, bare.fixed.result.lost + bare.fixed.result.sendErrors + bare.fixed.result.duplicated, 0, "0"),
    "",
    `- Ramp steps of ${options.stepSeconds} s (msg/s offered): Atiende ${ramp(ours)}; limit ${ramp(bare)}.`,
    "",
  ].join("\n");
}

const watchdog = setTimeout(() => {
  console.error("Aborting: the run took longer than 20 minutes");
  process.exit(1);
}, 20 * 60_000);
watchdog.unref();
const begun = performance.now();
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await database?.drop().catch((error: unknown) => console.error("Could not drop the database:", error));
    log(`done in ${((performance.now() - begun) / 1000).toFixed(0)} s`);
    clearTimeout(watchdog);
  });
