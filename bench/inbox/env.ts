/**
 * Everything the inbox benchmark reads from the environment or the command line, in one place: the
 * repo allows `process.env` only in files named env.ts.
 */

import { assertLocal, wholeNumber } from "../cli";

export interface InboxBenchOptions {
  /** The PostgreSQL server; the benchmark's database lives there and is kept between runs. */
  serverUrl: string;
  conversations: number;
  messages: number;
  longConversationMessages: number;
  /** Timed calls per query and system, after `warmUp` untimed ones. */
  iterations: number;
  warmUp: number;
  /** Time allowed per query for its timed calls (both sides), so a slow query ends with fewer samples. */
  secondsPerQuery: number;
  /** Drop and seed the database again even when it already holds this volume. */
  reseed: boolean;
}

const LIMITS = {
  conversations: 5_000_000,
  messages: 50_000_000,
  "long-messages": 5_000_000,
  iterations: 100_000,
  "warm-up": 10_000,
  "seconds-per-query": 3600,
} as const;

export function readInboxBenchOptions(
  argv: readonly string[] = process.argv.slice(2),
): InboxBenchOptions {
  const { flags, switches } = parseArgs(argv);
  const pick = (name: keyof typeof LIMITS, envName: string, fallback: number) =>
    wholeNumber(flags.get(name) ?? process.env[envName], fallback, LIMITS[name], name);
  const serverUrl =
    flags.get("database-url") ??
    process.env.DATABASE_URL ??
    "postgres://postgres@127.0.0.1:5432/postgres";
  assertLocal(serverUrl);
  return {
    serverUrl,
    conversations: pick("conversations", "CONVERSATIONS", 100_000),
    messages: pick("messages", "MESSAGES", 1_000_000),
    longConversationMessages: pick("long-messages", "LONG_MESSAGES", 50_000),
    iterations: pick("iterations", "ITERATIONS", 500),
    warmUp: pick("warm-up", "WARM_UP", 50),
    secondsPerQuery: pick("seconds-per-query", "SECONDS_PER_QUERY", 30),
    reseed: switches.has("reseed") || process.env.RESEED === "1",
  };
}

/** `--name value`, `--name=value` and bare switches (`--reseed`); a lone `--` (from pnpm) is skipped. */
function parseArgs(argv: readonly string[]) {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (arg === "--" || !arg.startsWith("--")) continue;
    const [name = "", inline] = arg.slice(2).split("=", 2);
    const next = argv[i + 1];
    if (inline !== undefined) flags.set(name, inline);
    else if (next === undefined || next.startsWith("--")) switches.add(name);
    else {
      flags.set(name, next);
      i += 1;
    }
  }
  return { flags, switches };
}



/** The environment the API config is built from. */
export function benchApiEnv(): Record<string, string | undefined> {
  return { ...process.env };
}
