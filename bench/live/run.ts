/**
 * `pnpm bench:live`: Atiende as people run it (`pnpm build`, `pnpm start`: Next and the API in one
 * process) against two references served the same way (bare-server.ts): the physical limit (one
 * POST, one INSERT, one push) and "same rows" (the rows Atiende writes for a message, deciding
 * nothing). Loaded as real clients load it: open loop, one HTTP request per send, every user
 * subscribed over its WebSocket. Per system, on a fresh server (primed by five pairs): memory per
 * idle subscribed socket (RSS less the young generation, no forced gc); a fixed rate (latency; server and
 * database CPU per message); the long-conversation case (the same small load into new
 * conversations, then into ones that already hold 10,000 messages); then a ramp ×1.25 until a step
 * misses p99 ≤ 250 ms or leaves anything unsent, undelivered or duplicated. Recorded in bench/RESULTS.md with the machine's load
 * (`--quick`: a small run that only prints).
 */
import { loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { configFromEnv, readApiEnv } from "@atiende/api";
import { sql } from "@atiende/db";

import type { BenchDatabase } from "./database";
import { backendPids, createBenchDatabase, createPairs, seedLongConversations } from "./database";
import type { ConnectUser, PairEndpoints, PairRecord } from "./endpoints";
import { connectPairs } from "./endpoints";
import { benchProductionApiEnv, readLiveOptions } from "./env";
import { httpPoster } from "./http-send";
import { bareLimitConnector, oursHttpConnector } from "./limit-clients";
import type { PhaseResult } from "./load";
import { fixedRatePhase } from "./load";
import { machine, machineLine, serverVersion } from "./machine";
import { cpuBetween, readProcess, readProcesses } from "./proc";
import { startProductionServer } from "./production-server";
import { recordInSection } from "./results-file";
import type { ProbedMemory, ServerProcess } from "./server-process";
import { startServerProcess } from "./server-process";
import { createSink, DeliveryTracker } from "./tracker";

const options = readLiveOptions();
const config = configFromEnv(readApiEnv(benchProductionApiEnv()));
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Step {
  rate: number;
  result: PhaseResult;
  /** Server process CPU per delivered message, in ms. */
  cpuPerMessage: number;
  /** CPU of the run database's PostgreSQL backends per delivered message, in ms. */
  dbCpuPerMessage: number;
  passed: boolean;
}

interface SystemResult {
  /** RSS outside the young generation (see restingMemory), per idle subscribed socket. */
  rssPerSocket: number;
  /** The same from RSS alone, which the young generation's pages move. */
  plainRssPerSocket: number;
  fixed: Step;
  /** The long-conversation case: the same load into new conversations, then into long ones. */
  fresh: Step;
  long: Step;
  ramp: Step[];
  /** The highest offered rate whose step passed (0 if none did). */
  sustainable: number;
}

/** How long each system runs at the fixed rate, unmeasured, before the measured phase. */
const warmSeconds = options.quick ? 3 : 5;

const passes = (result: PhaseResult) =>
  result.lost === 0 && result.sendErrors === 0 && result.duplicated === 0 && result.latency.p99 <= options.p99LimitMs;

let database: BenchDatabase | undefined;

/** The run database's backends (the servers' pools), for their CPU time. */
const backends = async (): Promise<number[]> => (database ? backendPids(database.handle.db) : []);

/**
 * The server's resting memory: the lowest, over a reading a second for a while, of its RSS less
 * what its young generation holds (both read by its memory probe in one instant, memory-probe.ts).
 * An idle V8 gives memory back in steps: its memory reducer, some 8–16 s after the server went
 * quiet and again later, returns the young generation's pages (with `pnpm start`'s 64 MB
 * semi-spaces, up to 128 MB) and collects what connecting left in the old one. The young
 * generation is a nursery of fixed size, not anything a socket keeps, so it is left out. When a
 * full collection runs in the window (the reducer's, as nothing else runs), only the readings after
 * it count: before it, pages that are still resident after it are counted as the nursery's, which
 * read up to 40 MB low in the production server. A small heap (the references') may see none; its
 * readings are then all of one state. Nothing forces a gc. The plain RSS is kept too, to be shown
 * beside it.
 */
async function restingMemory(server: ServerProcess): Promise<{ rss: number; outsideYoung: number }> {
  const readings: ProbedMemory[] = [];
  for (let i = 0; i < options.restSeconds; i += 1) {
    await sleep(1000);
    const reading = server.memory();
    if (reading) readings.push(reading);
  }
  const first = readings[0];
  if (!first) throw new Error(`the server's memory probe wrote nothing in ${options.restSeconds} s`);
  const collected = readings.filter((reading) => reading.majorGcs > first.majorGcs);
  const counted = collected.length > 0 ? collected : readings;
  return {
    rss: Math.min(...counted.map((reading) => reading.rss)),
    outsideYoung: Math.min(...counted.map((reading) => reading.rss - reading.young)),
  };
}

async function measureSystem(
  label: string,
  server: ServerProcess,
  connector: ConnectUser,
  records: { pairs: readonly PairRecord[]; long: readonly PairRecord[] },
): Promise<SystemResult> {
  const sink = createSink();
  // A few pairs connect, send for a second and leave first, so that what a server builds once on
  // first use (modules loaded on demand, compiled code, prepared statements) is not counted as
  // memory per socket; the server is otherwise fresh and nothing forces a gc.
  const priming = await connectPairs(records.pairs.slice(0, 5), connector, sink);
  sink.current = new DeliveryTracker(`${label}-prime`);
  await fixedRatePhase(priming.pairs, sink.current, 20, 1);
  sink.current = undefined;
  await priming.close();
  const before = await restingMemory(server);
  const connected = await connectPairs(records.pairs, connector, sink);
  let long: Awaited<ReturnType<typeof connectPairs>> | undefined;
  try {
    const after = await restingMemory(server);
    const sockets = records.pairs.length * 2;
    const rssPerSocket = (after.outsideYoung - before.outsideYoung) / sockets;
    const plainRssPerSocket = (after.rss - before.rss) / sockets;
    log(
      `  ${sockets} sockets subscribed; ${(rssPerSocket / 1024).toFixed(1)} KB each outside the young generation ` +
        `(${(plainRssPerSocket / 1024).toFixed(1)} KB of plain RSS)`,
    );
    const { pairs } = connected;
    const everyPair: PairEndpoints[] = [...pairs];
    const inFlight = () => everyPair.reduce((n, pair) => n + pair.candidate.inFlight() + pair.agent.inFlight(), 0);
    let phase = 0;
    const step = async (on: readonly PairEndpoints[], rate: number, seconds: number): Promise<Step> => {
      const tracker = new DeliveryTracker(`${label}-${(phase += 1)}`);
      sink.current = tracker;
      const cpuBefore = readProcess(server.pid).cpuMicros;
      const dbBefore = readProcesses(await backends());
      const result = await fixedRatePhase(on, tracker, rate, seconds);
      const cpuMicros = readProcess(server.pid).cpuMicros - cpuBefore;
      const dbMicros = cpuBetween(dbBefore, readProcesses(await backends()));
      // A backlog left by a failed step must not count against the next one.
      await tracker.settle(inFlight, 3000, 45_000);
      sink.current = undefined;
      const perMessage = (micros: number) => micros / 1000 / Math.max(1, result.arrived);
      return { rate, result, cpuPerMessage: perMessage(cpuMicros), dbCpuPerMessage: perMessage(dbMicros), passed: passes(result) };
    };
    const describe = (what: string, done: Step) =>
      log(
        `  ${what}: p50 ${done.result.latency.p50.toFixed(1)} ms, p99 ${done.result.latency.p99.toFixed(1)} ms, ` +
          `${done.cpuPerMessage.toFixed(2)} ms server + ${done.dbCpuPerMessage.toFixed(2)} ms database CPU per message, ` +
          `${done.result.lost} lost, ${done.result.sendErrors} errors${done.passed ? "" : " — missed"}`,
      );

    // Unmeasured: compiled code, prepared statements, opened connections. At the measured rate, long
    // enough for every system's hot path to be optimised: its steady state is what is compared.
    await step(pairs, 100, 2);
    await step(pairs, options.rate, warmSeconds);
    const fixed = await step(pairs, options.rate, options.seconds);
    describe(`${options.rate} msg/s`, fixed);

    long = await connectPairs(records.long, connector, sink);
    everyPair.push(...long.pairs);
    const fresh = await step(pairs.slice(0, records.long.length), options.longRate, options.longSeconds);
    describe(`${options.longRate} msg/s into ${records.long.length} new conversations`, fresh);
    const longStep = await step(long.pairs, options.longRate, options.longSeconds);
    describe(`${options.longRate} msg/s into ${records.long.length} with ${options.longMessages} messages`, longStep);

    const ramp: Step[] = [];
    for (let rate = options.start; rate <= options.maxRate; rate = Math.round(rate * options.factor)) {
      const done = await step(pairs, rate, options.stepSeconds);
      ramp.push(done);
      describe(`ramp ${rate} msg/s`, done);
      if (!done.passed) break;
    }
    const sustainable = ramp.filter((s) => s.passed).at(-1)?.rate ?? 0;
    return { rssPerSocket, plainRssPerSocket, fixed, fresh, long: longStep, ramp, sustainable };
  } finally {
    await connected.close();
    await long?.close();
  }
}

async function main() {
  const loadAtStart = loadavg()[0] ?? 0;
  database = await createBenchDatabase(options.databaseUrl);
  const db = database.handle.db;
  const postgres = await serverVersion(db);
  const records = {
    pairs: await createPairs(database.handle, config, options.pairs),
    long: await createPairs(database.handle, config, options.longPairs, "-long"),
  };
  await seedLongConversations(database.handle, records.long, options.longMessages);
  log(`${options.pairs} pairs, and ${options.longPairs} with ${options.longMessages} messages each, created in ${database.name}`);
  // Each system starts from the same state: dead rows vacuumed, statistics fresh, dirty pages
  // written, so that one system's writes do not slow the next one down.
  const settle = async () => {
    await db.execute(sql`vacuum analyze`);
    await db.execute(sql`checkpoint`).catch(() => log("(no checkpoint: needs a superuser)"));
  };
  const settings = { databaseUrl: database.url, pool: options.pool };

  const bareSystem = async (label: string, sameRows: boolean) => {
    await settle();
    const server = await startServerProcess("bare-server.ts", { ...settings, sameRows });
    const poster = httpPoster(server.port);
    try {
      return await measureSystem(label, server, bareLimitConnector(server.port, poster), records);
    } finally {
      poster.close();
      await server.stop();
    }
  };
  // Atiende first: its server numbers (feed_seq) and relays every audit row it finds, so rows the
  // same-rows baseline had written would be its background work during the measurements. The bare
  // servers read nothing back.
  await settle();
  log("Atiende (the production server):");
  const oursServer = await startProductionServer(settings);
  const oursPoster = httpPoster(oursServer.port);
  const ours = await measureSystem("ours", oursServer, oursHttpConnector(oursServer.port, config, oursPoster), records).finally(
    async () => {
      oursPoster.close();
      await oursServer.stop();
    },
  );
  log("Same rows (bare-server.ts, BENCH_SAME_ROWS):");
  const rows = await bareSystem("rows", true);
  log("Physical limit (bare-server.ts):");
  const limit = await bareSystem("limit", false);

  const section = render({ ours, rows, limit }, [loadAtStart, loadavg()[0] ?? 0], postgres);
  console.log(`\n${section}`);
  if (options.quick) log("--quick: nothing recorded");
  else recordInSection(path.resolve(import.meta.dirname, "../RESULTS.md"), RESULTS, section);
}

const RESULTS = {
  marker: "<!-- live runs: newest first -->",
  intro: `# Live delivery against the physical limit

Written by \`pnpm bench:live\` (bench/live/run.ts): Atiende's production server (\`pnpm start\`)
against two references served the same way (bench/live/bare-server.ts, \`node:http\` + \`ws\` +
\`postgres\`): the physical limit (one POST, one INSERT, one push) and "same rows" (the rows Atiende
writes for a message, in one transaction, deciding nothing). Open loop, one HTTP request per send,
every user subscribed over its WebSocket. Server CPU from /proc; its memory is RSS less the young
generation's bytes, read in the server by bench/live/memory-probe.ts, without a forced gc;
database CPU is that of the run database's PostgreSQL backends. Newest run first.
`,
};

type Systems = { ours: SystemResult; rows: SystemResult; limit: SystemResult };

function render(systems: Systems, load: [number, number], postgres: string): string {
  const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : "–");
  const row = (metric: string, pick: (result: SystemResult) => number, digits: number, target = "") => {
    const [o, r, l] = [systems.ours, systems.rows, systems.limit].map(pick) as [number, number, number];
    return `| ${metric} | ${o.toFixed(digits)} | ${r.toFixed(digits)} | ${l.toFixed(digits)} | ${ratio(o, l)} | ${ratio(o, r)} | ${target} |`;
  };
  /** Long ÷ new, per system: the growth with history, which the targets bound at 1.2×. */
  const growth = (metric: string, pick: (step: Step) => number, target = "") => {
    const cells = [systems.ours, systems.rows, systems.limit].map((s) => ratio(pick(s.long), pick(s.fresh)));
    return `| ${metric} | ${cells.join(" | ")} | | | ${target} |`;
  };
  const unsent = (step: Step) => step.result.lost + step.result.sendErrors + step.result.duplicated;
  const ramp = (result: SystemResult) =>
    result.ramp.map((s) => `${s.rate}${s.passed ? "" : ` (p99 ${s.result.latency.p99.toFixed(0)} ms, ${s.result.lost} lost)`}`).join(", ");
  const { rate, longRate, longMessages: n } = options;
  return [
    `## ${machine(postgres).date} — ${options.pairs} pairs, ${rate} msg/s fixed, ramp ×${options.factor} from ${options.start} msg/s`,
    "",
    `- ${machineLine(machine(postgres))}`,
    `- Load average (1 min) at start / end: ${load.map((l) => l.toFixed(1)).join(" / ")}${load[0] > 1.5 ? " — the machine was busy: other work shared its cores" : ""}`,
    ...(options.note ? [`- Changed: ${options.note}`] : []),
    "",
    "| Metric | Atiende | Same rows | Limit | Atiende/limit | Atiende/same rows | Target |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    row(`Sustainable rate, p99 ≤ ${options.p99LimitMs} ms and nothing lost (msg/s)`, (s) => s.sustainable, 0, "≥ 0.6× limit"),
    row(`p50 at ${rate} msg/s (ms)`, (s) => s.fixed.result.latency.p50, 1),
    row(`p99 at ${rate} msg/s (ms)`, (s) => s.fixed.result.latency.p99, 1, "≤ 3× limit (at 500 pairs, 200 msg/s)"),
    row(`Server CPU per message at ${rate} msg/s (ms)`, (s) => s.fixed.cpuPerMessage, 2, "≤ 2× limit"),
    row(`Database CPU per message at ${rate} msg/s (ms)`, (s) => s.fixed.dbCpuPerMessage, 2),
    row(`RSS per idle subscribed socket, fresh server, resting, outside the young generation (KB)`, (s) => s.rssPerSocket / 1024, 1, "≤ 20 KB"),
    row(`The same from plain RSS, which the young generation's pages move (KB)`, (s) => s.plainRssPerSocket / 1024, 1),
    row(`Lost + unsent + duplicated at ${rate} msg/s`, (s) => unsent(s.fixed), 0, "0"),
    row(`New conversations, ${longRate} msg/s: p50 (ms)`, (s) => s.fresh.result.latency.p50, 1),
    row(`Conversations with ${n} messages, ${longRate} msg/s: p50 (ms)`, (s) => s.long.result.latency.p50, 1),
    row(`New conversations: server CPU per message (ms)`, (s) => s.fresh.cpuPerMessage, 2),
    row(`With ${n} messages: server CPU per message (ms)`, (s) => s.long.cpuPerMessage, 2),
    row(`New conversations: database CPU per message (ms)`, (s) => s.fresh.dbCpuPerMessage, 2),
    row(`With ${n} messages: database CPU per message (ms)`, (s) => s.long.dbCpuPerMessage, 2),
    growth(`With ${n} messages ÷ new: p50`, (s) => s.result.latency.p50, "≤ 1.2×"),
    growth(`With ${n} messages ÷ new: server CPU per message`, (s) => s.cpuPerMessage, "≤ 1.2×"),
    growth(`With ${n} messages ÷ new: database CPU per message`, (s) => s.dbCpuPerMessage),
    "",
    `- Fixed rate: ${options.rate} msg/s for ${options.seconds} s, after 2 s at 100 msg/s and ${warmSeconds} s at ${options.rate} unmeasured.`,
    `- Ramp steps of ${options.stepSeconds} s (msg/s offered): Atiende ${ramp(systems.ours)}; same rows ${ramp(systems.rows)}; limit ${ramp(systems.limit)}.`,
    `- Long-conversation case: ${options.longPairs} pairs whose conversations hold ${n} earlier messages (each with a word of its own, as the load's), against ${options.longPairs} of the run's other pairs (a few dozen messages each), ${longRate} msg/s for ${options.longSeconds} s each. The rows of the last three lines are the ratios long ÷ new of each system.`,
    `- Memory: the server's RSS less its young generation's bytes (both read in one instant in the server, bench/live/memory-probe.ts), the lowest of a reading a second over ${options.restSeconds} s (after the first full collection in them, where one ran), once before any socket (five pairs primed the server first) and once with every socket idle and subscribed; no forced gc. The young generation is a nursery of fixed size that an idle V8 gives back and takes again on its own schedule.`,
    `- Lost, unsent and duplicated in the long-conversation steps (Atiende / same rows / limit): ${[systems.ours, systems.rows, systems.limit].map((s) => unsent(s.fresh) + unsent(s.long)).join(" / ")}.`,
    "",
  ].join("\n");
}

const watchdog = setTimeout(() => {
  console.error("Aborting: the run took longer than 40 minutes");
  process.exit(1);
}, 40 * 60_000);
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
