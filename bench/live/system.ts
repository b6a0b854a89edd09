import { performance } from "node:perf_hooks";

import type { ConnectedSystem, ConnectUser, PairRecord } from "./endpoints";
import { connectPairs } from "./endpoints";
import type { PhaseResult } from "./load";
import { closedLoopPhase, fixedRatePhase, GRACE_MS } from "./load";
import type { ServerSample } from "./protocol";
import type { ServerProcess } from "./server-process";
import { startServerProcess } from "./server-process";
import { summarize } from "./stats";
import { createSink, DeliveryTracker } from "./tracker";

export interface MeasuredPhase extends PhaseResult {
  /** CPU used during the phase, in percent of one core. */
  serverCpu: number;
  loadCpu: number;
}

export interface SystemResult {
  sockets: number;
  before: ServerSample;
  idle: ServerSample;
  rssPerSocket: number;
  heapPerSocket: number;
  warmUp: PhaseResult;
  fixed: MeasuredPhase;
  closed: MeasuredPhase;
}

export interface SystemPlan {
  /** Prefixes the clientMessageIds, which must not repeat between systems sharing the database. */
  label: string;
  entry: string;
  connector: (port: number) => ConnectUser;
  records: readonly PairRecord[];
  databaseUrl: string;
  pool: number;
  rate: number;
  seconds: number;
  log: (line: string) => void;
  /** Messages in the database whose clientMessageId starts with `prefix`. */
  countStored: (prefix: string) => Promise<number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WARM_UP_SECONDS = 2;
const SETTLE_QUIET_MS = 3000;
export const SETTLE_MAX_MS = 45_000;

/** One system through every phase, in its own server process, which is stopped whatever happens. */
export async function runSystem(plan: SystemPlan): Promise<SystemResult> {
  const { log } = plan;
  const server = await startServerProcess(plan.entry, { databaseUrl: plan.databaseUrl, pool: plan.pool });
  log(`server pid ${server.pid} on port ${server.port}`);
  const sink = createSink();
  let system: ConnectedSystem | undefined;
  try {
    await sleep(500);
    // A batch of pairs connects, talks for a second and leaves before the first reading, so that
    // what a server builds once on first use (compiled and optimised code, loaded modules, prepared
    // statements) is not counted as memory per socket. Both systems get the same.
    const priming = await connectPairs(plan.records.slice(0, 25), plan.connector(server.port), sink);
    const primer = new DeliveryTracker(`${plan.label}-prime`);
    sink.current = primer;
    await closedLoopPhase(priming.pairs, primer, 1);
    await primer.settle(() => 0, 200, 5000);
    sink.current = undefined;
    await priming.close();
    await sleep(500);
    const before = await server.sample(true);
    const connectStart = performance.now();
    system = await connectPairs(plan.records, plan.connector(server.port), sink);
    const sockets = system.pairs.length * 2;
    log(`${sockets} sockets connected and subscribed in ${Math.round(performance.now() - connectStart)} ms`);
    // Let the handshakes' garbage and timers settle before the idle reading.
    await sleep(1000);
    const idle = await server.sample(true);
    const perSocket = (bytes: number) => `${(bytes / sockets / 1024).toFixed(1)} KB`;
    log(
      `idle memory per socket: rss ${perSocket(idle.rss - before.rss)}, heap used ${perSocket(idle.heapUsed - before.heapUsed)}, ` +
        `heap total ${perSocket(idle.heapTotal - before.heapTotal)}, external ${perSocket(idle.external - before.external)}`,
    );

    const { pairs } = system;
    const inFlight = () => pairs.reduce((n, pair) => n + pair.candidate.inFlight() + pair.agent.inFlight(), 0);
    const phase = async (
      prefix: string,
      body: (tracker: DeliveryTracker) => Promise<PhaseResult>,
      rateAfterBacklog = false,
    ) => {
      const tracker = new DeliveryTracker(`${plan.label}-${prefix}`);
      sink.current = tracker;
      try {
        const result = await measured(server, () => body(tracker));
        // What the phase left queued in the server must not count against the next phase.
        const waitStart = performance.now();
        await tracker.settle(inFlight, SETTLE_QUIET_MS, SETTLE_MAX_MS);
        if (result.lost > 0) {
          const waited = Math.round(performance.now() - waitStart);
          const stored = await plan.countStored(tracker.prefix);
          log(
            `${prefix}: ${result.lost} lost; in the next ${waited} ms ${tracker.late} arrived; ` +
              `${stored} of ${result.sent} are stored, ${inFlight()} sends still unanswered`,
          );
        }
        const messagesPerSecond = rateAfterBacklog ? tracker.deliveryRate(plan.seconds) : result.messagesPerSecond;
        return { ...result, latency: summarize(tracker.latencies), late: tracker.late, messagesPerSecond };
      } finally {
        sink.current = undefined;
      }
    };
    // Unmeasured: JIT compilation, prepared statements and lazily opened HTTP connections.
    const warmUp = await phase("warm", (tracker) => closedLoopPhase(pairs, tracker, WARM_UP_SECONDS));
    log(`warm-up: ${warmUp.arrived}/${warmUp.sent} delivered`);
    const fixed = await phase("rate", (tracker) => fixedRatePhase(pairs, tracker, plan.rate, plan.seconds), true);
    log(
      `fixed rate: ${fixed.arrived}/${fixed.sent} delivered within ${GRACE_MS / 1000} s, ` +
        `p50 ${fixed.latency.p50.toFixed(1)} ms, p99 ${fixed.latency.p99.toFixed(1)} ms`,
    );
    const closed = await phase("loop", (tracker) => closedLoopPhase(pairs, tracker, plan.seconds));
    log(`closed loop: ${Math.round(closed.messagesPerSecond)} msg/s, p99 ${closed.latency.p99.toFixed(1)} ms`);

    return {
      sockets,
      before,
      idle,
      rssPerSocket: (idle.rss - before.rss) / sockets,
      heapPerSocket: (idle.heapUsed - before.heapUsed) / sockets,
      warmUp,
      fixed,
      closed,
    };
  } finally {
    await system?.close();
    await server.stop();
    log(`server pid ${server.pid} stopped`);
  }
}

/** Runs a phase and adds the CPU the server and the load generator spent on it. */
async function measured(server: ServerProcess, run: () => Promise<PhaseResult>): Promise<MeasuredPhase> {
  const startWall = performance.now();
  const startServer = (await server.sample(false)).cpuMicros;
  const startLoad = process.cpuUsage();
  const result = await run();
  const load = process.cpuUsage(startLoad);
  const serverMicros = (await server.sample(false)).cpuMicros - startServer;
  const wallMicros = (performance.now() - startWall) * 1000;
  return {
    ...result,
    serverCpu: (100 * serverMicros) / wallMicros,
    loadCpu: (100 * (load.user + load.system)) / wallMicros,
  };
}
