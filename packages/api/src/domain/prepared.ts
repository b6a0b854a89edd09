import type { Executor } from "@atiende/db";

interface Executable<T> {
  execute: (placeholders: Record<string, unknown>) => Promise<T>;
}

const cache = new WeakMap<Executor, Map<string, Executable<unknown>>>();
let counter = 0;

/**
 * A query built once per database handle (or transaction) and shape, then run with new values:
 * building drizzle's SQL text costs more than the round trip for the small hot reads (see
 * bench:inbox). `key` must name everything that changes the query's text; values go through
 * `sql.placeholder`.
 */
export function prepared<T>(
  db: Executor,
  key: string,
  build: (name: string) => Executable<T>,
): Executable<T> {
  let queries = cache.get(db);
  if (!queries) {
    queries = new Map();
    cache.set(db, queries);
  }
  let query = queries.get(key) as Executable<T> | undefined;
  if (!query) {
    counter += 1;
    query = build(`q${counter}`);
    queries.set(key, query);
  }
  return query;
}
