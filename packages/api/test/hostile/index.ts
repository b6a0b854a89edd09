import type { Database } from "@atiende/db";
import { selectRows, sql } from "@atiende/db";
import superjson from "superjson";

/*
 * Helpers for the hostile-input suites: raw tRPC calls over HTTP (so the test sees the status and
 * the exact body a client would), a fingerprint of every table (so "nothing was stored" is checked
 * against the whole database, not the tables a test thought of), and what a response must never
 * contain.
 */

export interface RawResponse {
  status: number;
  /** The parsed body (null when it was not JSON), and its text. */
  body: unknown;
  text: string;
}

/** A tRPC error as a client sees it: superjson-wrapped `{ error: { json: { message, code, data } } }`. */
export interface TrpcErrorShape {
  message: string;
  code: number;
  data: { code: string; httpStatus: number; path?: string; stack?: string; zodError?: unknown };
}

export function trpcError(body: unknown): TrpcErrorShape | null {
  const error = (body as { error?: { json?: TrpcErrorShape } } | null)?.error?.json;
  return error && typeof error.message === "string" && typeof error.data?.code === "string" ? error : null;
}

/**
 * Calls one procedure the way @trpc/client's httpLink does (GET with `?input=` for queries, POST
 * for mutations, superjson-encoded), without a client in between that could refuse to send a value.
 */
export async function callTrpc(
  origin: string,
  path: string,
  type: "query" | "mutation",
  input: unknown,
  token?: string,
): Promise<RawResponse> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const encoded = input === undefined ? undefined : encode(input);
  const response =
    type === "query"
      ? await fetch(`${origin}/api/trpc/${path}${encoded === undefined ? "" : `?input=${encodeURIComponent(encoded)}`}`, {
          headers,
        })
      : await fetch(`${origin}/api/trpc/${path}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: encoded ?? "",
        });
  return readResponse(response);
}

/**
 * superjson's encoding, as @trpc/client sends it. superjson refuses to encode `__proto__`,
 * `constructor` and `prototype` keys; a hostile client just writes the JSON itself, so do that.
 */
function encode(input: unknown): string {
  try {
    return JSON.stringify(superjson.serialize(input));
  } catch {
    return JSON.stringify({ json: input }, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  }
}

export async function readResponse(response: Response): Promise<RawResponse> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // Not JSON: a plain status from Node or a proxy; `text` keeps it.
  }
  return { status: response.status, body, text };
}

/** Things that must never reach a caller: stack frames, source paths, driver and SQL internals. */
const LEAKS: readonly RegExp[] = [
  /\bat [\w$.<>]+ \(/, // a stack frame: "at fn (file:line)"
  /\bat (?:async )?(?:file:\/\/)?\/[\w/.-]+:\d+/, // a stack frame without a function name
  /\/work\/|\/home\/|node_modules|\.ts:\d+|\.js:\d+/,
  /\b(?:PostgresError|PGlite|drizzle|syntax error at or near|violates (?:foreign key|unique|check) constraint)\b/i,
  /\bTypeError\b|\bReferenceError\b|Cannot read properties of/,
];

export function leaks(text: string): string | null {
  for (const pattern of LEAKS) {
    const found = pattern.exec(text);
    if (found) return found[0];
  }
  return null;
}

/** Row count and a content digest of every table (but for presence heartbeats' timestamps). */
export type TableFingerprint = Record<string, string>;

let tableList: Promise<string[]> | undefined;

export async function fingerprintTables(db: Database): Promise<TableFingerprint> {
  tableList ??= selectRows<{ name: string }>(
    db,
    sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
  ).then((rows) => rows.map((row) => row.name));
  const tables = await tableList;
  // A sum of row hashes: order-free and cheap, and any insert, update or delete moves it.
  // agent_presence's last_seen_at is refreshed by timers after a console leaves (a heartbeat, not
  // stored data): only its rows' count and statuses count there. audit_log's feed_seq is given by
  // the sequencer to rows already written, whenever it runs: the rows count without it.
  const digest = (table: string) =>
    table === "agent_presence"
      ? `coalesce(sum(hashtext(t.user_id::text || t.status::text)::bigint), 0)`
      : table === "audit_log"
        ? `coalesce(sum(hashtext((to_jsonb(t) - 'feed_seq')::text)::bigint), 0)`
        : `coalesce(sum(hashtext(t::text)::bigint), 0)`;
  const query = tables
    .map((table) => `select '${table}' as name, count(*)::text || ':' || ${digest(table)} as print from "${table}" t`)
    .join(" union all ");
  const rows = await selectRows<{ name: string; print: string }>(db, sql.raw(query));
  return Object.fromEntries(rows.map((row) => [row.name, row.print]));
}

/** The tables whose fingerprint differs. */
export function changedTables(before: TableFingerprint, after: TableFingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]).sort();
}
