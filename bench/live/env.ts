/**
 * Everything the benchmark reads from the environment or the command line, in one place: the repo
 * allows `process.env` only in files named env.ts.
 */

import { assertLocal, wholeNumber } from "../cli";

// Upper bounds keep a typo from turning into a run that never ends.
const LIMITS = { pairs: 5000, rate: 20_000, seconds: 120, pool: 90, messages: 100_000 } as const;

/** `--name value` and `--name=value`; a bare `--` (as pnpm passes it through) is skipped. */
function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (arg === "--" || !arg.startsWith("--")) continue;
    const [name = "", inline] = arg.slice(2).split("=", 2);
    const value = inline ?? argv[i + 1];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (inline === undefined) i += 1;
    flags.set(name, value);
  }
  return flags;
}



/** The environment the API config is built from: the bench must not be throttled by the limiter. */
export function benchApiEnv(): Record<string, string | undefined> {
  return {
    ...process.env,
    SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "100000",
    SUPPORT_CHAT_STAFF_RATE_LIMIT_PER_MINUTE: "100000",
  };
}

/** What a server child needs: the run's database and pool size (and, for bare-server.ts, which rows it writes). */
export interface ServerSettings {
  databaseUrl: string;
  pool: number;
  /** bare-server.ts writes every row Atiende writes for a message, not the message alone. */
  sameRows?: boolean;
}

export function childEnv(settings: ServerSettings): Record<string, string | undefined> {
  return {
    ...process.env,
    BENCH_DATABASE_URL: settings.databaseUrl,
    BENCH_POOL: String(settings.pool),
    BENCH_SAME_ROWS: settings.sameRows ? "true" : "false",
  };
}

export function readServerSettings(): ServerSettings {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) throw new Error("BENCH_DATABASE_URL is not set: start servers through run.ts");
  assertLocal(databaseUrl);
  return {
    databaseUrl,
    pool: wholeNumber(process.env.BENCH_POOL, 10, LIMITS.pool, "BENCH_POOL"),
    sameRows: process.env.BENCH_SAME_ROWS === "true",
  };
}

/** Extra Node flags for every server process, e.g. BENCH_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
export function serverNodeFlags(): string[] {
  return (process.env.BENCH_SERVER_FLAGS ?? "").split(/\s+/).filter(Boolean);
}

/** Where a measured server's memory probe writes its readings (memory-probe.ts); unset outside the bench. */
export function memoryProbeFile(): string | undefined {
  return process.env.BENCH_MEMORY_PROBE;
}

/** The environment that tells a server's memory probe where to write. */
export const memoryProbeEnv = (file: string) => ({ BENCH_MEMORY_PROBE: file });

/** The secret both the production server and the load generator's tokens use. */
const BENCH_AUTH_SECRET = "atiende-bench-secret-0123456789abcdef-0123456789";

/** The API config's environment for runs against the production server (run.ts). */
export function benchProductionApiEnv(): Record<string, string | undefined> {
  return { ...benchApiEnv(), AUTH_SECRET: BENCH_AUTH_SECRET };
}

/**
 * The production server's environment: production mode on the run's database, the limiter out of
 * the way as for the other servers, and otherwise the defaults people run it with (logging
 * included). The run migrated our schema; the start adds the webhook queue's tables (pg-boss), as
 * `pnpm db:migrate` or MIGRATE_ON_START would on a real deployment.
 */
export function productionServerEnv(settings: ServerSettings & { port: number }): Record<string, string | undefined> {
  return {
    ...benchProductionApiEnv(),
    NODE_ENV: "production",
    PORT: String(settings.port),
    HOST: "127.0.0.1",
    NEXTAUTH_URL: `http://127.0.0.1:${settings.port}`,
    DATABASE_URL: settings.databaseUrl,
    MIGRATE_ON_START: "true",
    SUPPORT_CHAT_AUTO_ASSIGN: "false",
  };
}

export interface LiveOptions {
  pairs: number;
  /** The fixed rate at which latency and CPU per message are read. */
  rate: number;
  seconds: number;
  /** The ramp: from `start` msg/s, ×`factor` per step of `stepSeconds`, up to `maxRate`. */
  start: number;
  factor: number;
  stepSeconds: number;
  maxRate: number;
  p99LimitMs: number;
  /** The long-conversation case: this many pairs whose conversations already hold `longMessages`. */
  longPairs: number;
  longMessages: number;
  /** The rate and length of the long-conversation case's two steps (new, then long). */
  longRate: number;
  longSeconds: number;
  /** How long each memory reading watches the idle server for its lowest RSS (less the young generation). */
  restSeconds: number;
  pool: number;
  databaseUrl: string;
  /** A short run that records nothing: to check the benchmark itself works. */
  quick: boolean;
  note?: string;
}

/**
 * run.ts's options: `--pairs 500 --rate 200` gives the latency figure at 500 pairs; `--quick` a
 * small run (every phase, a few seconds each) that prints its table and records nothing.
 */
export function readLiveOptions(argv: readonly string[] = process.argv.slice(2)): LiveOptions {
  const flags = parseFlags(argv.filter((arg) => arg !== "--quick"));
  const quick = argv.includes("--quick") || process.env.BENCH_QUICK === "true";
  const pick = (name: string, fallback: number, quickValue: number, max: number) =>
    wholeNumber(flags.get(name), quick ? quickValue : fallback, max, name);
  const databaseUrl =
    flags.get("database-url") ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  assertLocal(databaseUrl);
  return {
    pairs: pick("pairs", 200, 20, LIMITS.pairs),
    rate: pick("rate", 400, 100, LIMITS.rate),
    seconds: pick("seconds", 30, 3, LIMITS.seconds),
    start: pick("start", 100, 100, LIMITS.rate),
    // Steps of ×1.25: ×2 could not tell 0.6× from 1×.
    factor: 1.25,
    stepSeconds: pick("step-seconds", 5, 2, LIMITS.seconds),
    maxRate: pick("max-rate", 6000, 200, LIMITS.rate),
    p99LimitMs: 250,
    longPairs: pick("long-pairs", 10, 4, LIMITS.pairs),
    longMessages: pick("long-messages", 10_000, 1000, LIMITS.messages),
    longRate: pick("long-rate", 100, 50, LIMITS.rate),
    longSeconds: pick("long-seconds", 10, 3, LIMITS.seconds),
    restSeconds: pick("rest-seconds", 45, 5, LIMITS.seconds),
    pool: pick("pool", 10, 10, LIMITS.pool),
    databaseUrl,
    quick,
    note: flags.get("note") ?? process.env.BENCH_NOTE,
  };
}
