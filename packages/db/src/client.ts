import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite, type QueryOptions } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { is, Placeholder } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { PgDialect } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import lockfile from "proper-lockfile";

import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A database handle or an open transaction: domain functions accept either. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: "postgres" | "pglite";
  /** Applies the committed migrations; running it again changes nothing. */
  migrate: () => Promise<void>;
  close: () => Promise<void>;
}

export interface CreateDatabaseOptions {
  /** A PostgreSQL connection string. Without it, an embedded PGlite database is used. */
  url?: string;
  /** PGlite's data folder; "memory://" keeps it in memory. */
  dataDir?: string;
  /** The drizzle-kit migrations folder (packages/db/drizzle). */
  migrationsFolder: string;
  /** Connections in the pool (PostgreSQL only). */
  maxConnections?: number;
  /**
   * How long a new connection may take (PostgreSQL only). Short, so that while the server is
   * unreachable a request fails fast (and answers 503) instead of hanging for postgres.js's 30 s.
   */
  connectTimeoutSeconds?: number;
  /**
   * Told the text of every statement the driver sends, as it sends it: what a test counts to see a
   * call's round trips (postgres.js's own `debug` hook; on PGlite, its query methods).
   */
  onStatement?: (text: string) => void;
}

export class DatabaseLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `The embedded database in ${dataDir} is in use by another process (is \`pnpm dev\` running?). ` +
        `Stop it first, or set DATABASE_URL to use a PostgreSQL server that several processes can share.`,
    );
    this.name = "DatabaseLockedError";
  }
}

const casing = "snake_case" as const;

export async function createDatabase(options: CreateDatabaseOptions): Promise<DatabaseHandle> {
  const { migrationsFolder } = options;
  if (options.url) {
    const client = postgres(options.url, {
      // Two at least: migrating holds one connection for its lock while it runs on another.
      max: Math.max(2, options.maxConnections ?? 10),
      connect_timeout: options.connectTimeoutSeconds ?? 5,
      onnotice: () => undefined,
      ...(options.onStatement ? { debug: (_connection, text) => options.onStatement?.(text) } : {}),
    });
    const db = drizzlePostgres(withPreparedStatements(client), { schema, casing });
    return {
      db: db as unknown as Database,
      kind: "postgres",
      migrate: () => underMigrationLock(client, () => migratePostgres(db, { migrationsFolder })),
      close: () => client.end({ timeout: 5 }),
    };
  }

  const dataDir = options.dataDir ?? "memory://";
  const release = dataDir.startsWith("memory://") ? undefined : await lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir);
    if (options.onStatement) reportStatements(client, options.onStatement);
  } catch (error) {
    await release?.();
    throw error;
  }
  const db = drizzlePglite(client, { schema, casing });
  return {
    db: db as unknown as Database,
    kind: "pglite",
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: async () => {
      await client.close();
      await release?.();
    },
  };
}

/**
 * PGlite has no statement hook: its instance's query methods, and those of the transactions it
 * hands out, are wrapped to report each statement, BEGIN and COMMIT (or ROLLBACK) included.
 */
function reportStatements(client: PGlite, onStatement: (text: string) => void) {
  type Methods = Pick<PGlite, "query" | "exec">;
  const wrap = <T extends Methods>(target: T): T => {
    const query = target.query.bind(target);
    const exec = target.exec.bind(target);
    return Object.assign(target, {
      query: (text: string, params?: unknown[], options?: QueryOptions) => {
        onStatement(text);
        return query(text, params, options);
      },
      exec: (text: string, options?: QueryOptions) => {
        onStatement(text);
        return exec(text, options);
      },
    });
  };
  wrap(client);
  const transaction = client.transaction.bind(client);
  client.transaction = ((callback) =>
    transaction(async (tx) => {
      onStatement("BEGIN");
      const rollback = tx.rollback.bind(tx);
      tx.rollback = () => {
        onStatement("ROLLBACK");
        return rollback();
      };
      let result;
      try {
        result = await callback(wrap(tx));
      } catch (error) {
        if (!tx.closed) onStatement("ROLLBACK");
        throw error;
      }
      if (!tx.closed) onStatement("COMMIT");
      return result;
    }));
}

// Any fixed number, the same in every instance: pg_advisory_lock's key for "migrating".
export const MIGRATION_LOCK_KEY = 4_185_190_117;

/**
 * Instances starting at once would race through the same migrations. Each waits for a
 * session-level advisory lock, held on a connection of its own while the migrator runs on the
 * pool; whoever comes second finds everything applied. A crashed holder's lock goes with its
 * connection.
 */
async function underMigrationLock(client: postgres.Sql, migrate: () => Promise<void>) {
  const session = await client.reserve();
  try {
    await session`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate();
    } finally {
      await session`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    session.release();
  }
}

/**
 * Drizzle runs its queries through postgres.js's `unsafe`, which does not prepare them: each query
 * with parameters then costs two round trips (describe, then execute). Our queries come from a
 * fixed set of texts, so letting postgres.js prepare (and cache, per connection) every one of them
 * halves the round trips. Transactions and savepoints hand out their own client; it is wrapped too.
 */
function withPreparedStatements<T extends postgres.Sql>(sql: T): T {
  type Callback = (inner: postgres.Sql) => unknown;
  const wrapScoped =
    (method: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const callback = args.pop() as Callback;
      return method(...args, (inner: postgres.Sql) => callback(withPreparedStatements(inner)));
    };
  return new Proxy(sql, {
    get(target, key) {
      if (key === "unsafe") {
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: true });
      }
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== "function") return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      return key === "begin" || key === "savepoint" ? wrapScoped(bound) : bound;
    },
  });
}

/**
 * PGlite does not stop two processes from opening the same folder, and two writers silently
 * diverge. A lock beside the folder turns that into a clear error; a crashed holder's lock goes
 * stale after a few seconds.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  try {
    return await lockfile.lock(dir, {
      lockfilePath: `${dir}.lock`,
      stale: 10_000,
      update: 2_000,
      retries: 0,
      onCompromised: (error) => {
        throw error;
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "ELOCKED") throw new DatabaseLockedError(dir);
    throw error;
  }
}

/** Rows of a raw SQL query; the two drivers shape `execute()` results differently. */
export async function selectRows<T extends Record<string, unknown>>(
  db: Executor,
  query: SQL,
): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/**
 * A statement composed from drizzle `sql` fragments with named placeholders (`sql.placeholder`),
 * turned into text once, when the module that holds it loads, and run with `runStatement`: the
 * fragments stay with the modules whose rules they are, and no call pays for building the text.
 */
export function compileStatement<V extends Record<string, unknown>>(query: SQL) {
  const { sql: text, params } = new PgDialect().sqlToQuery(query);
  const slots = params.map((param) => (is(param, Placeholder) ? (param.name as keyof V) : { value: param }));
  return {
    text,
    /** The statement's positional values, from the placeholders' named ones. */
    values: (named: V): unknown[] => slots.map((slot) => (typeof slot === "object" ? slot.value : named[slot])),
  };
}

/**
 * A fixed statement text with positional parameters ($1, $2, …), prepared once per connection on
 * either driver: for the hottest statements, whose SQL drizzle would otherwise rebuild on every
 * call. Takes the root handle, not a transaction: the statement is its own (implicit) transaction.
 */
export async function runStatement<T extends Record<string, unknown>>(
  db: Database,
  text: string,
  params: unknown[],
): Promise<T[]> {
  const client = (db as { $client?: unknown }).$client;
  if (client instanceof PGlite) return (await client.query<T>(text, params)).rows;
  if (typeof client === "function" && "unsafe" in client) {
    const sql = client as postgres.Sql;
    return (await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
  }
  throw new Error("runStatement needs the database handle itself, not a transaction");
}
