/**
 * Real processes for the fault tests: the API server as a child process (so it can be killed),
 * and private PostgreSQL and Redis servers the tests may stop and start without touching the
 * machine's shared ones.
 */
import type { ChildProcess } from "node:child_process";
import { execFile, spawn } from "node:child_process";
import { chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import postgres from "postgres";

import { createTestDatabase } from "./database";
import { eventually } from "./wait";

const run = promisify(execFile);
const apiDir = path.resolve(import.meta.dirname, "..");

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

export interface ChildServer {
  pid: number;
  port: number;
  origin: string;
  wsUrl: string;
  /** Every line the server logged (JSON). */
  logs: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
}

/** Starts `test/child-server.ts` in its own Node process and waits until it listens. */
export async function spawnServer(options: {
  databaseUrl: string;
  redisUrl?: string;
  port?: number;
  env?: Record<string, string>;
}): Promise<ChildServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "test/child-server.ts"],
    {
      cwd: apiDir,
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: options.redisUrl ?? "",
        PORT: String(options.port ?? 0),
        LOG_LEVEL: "info",
        SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "100000",
        SUPPORT_CHAT_STAFF_RATE_LIMIT_PER_MINUTE: "100000",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  let buffered = "";
  const port = new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        logs.push(line);
        const parsed = JSON.parse(line) as { msg?: string; port?: number };
        if (parsed.msg === "listening" && parsed.port) resolve(parsed.port);
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => logs.push(chunk.toString("utf8")));
    void exited.then((code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${logs.join("\n")}`)),
    );
  });
  const listening = await port;
  if (!child.pid) throw new Error("the server has no pid");
  return {
    pid: child.pid,
    port: listening,
    origin: `http://127.0.0.1:${listening}`,
    wsUrl: `ws://127.0.0.1:${listening}/api/trpc-ws`,
    logs,
    exited,
    kill: (signal) => void child.kill(signal),
  };
}

/** Stops a child server with SIGTERM (or SIGKILL) and waits for it to be gone. */
export async function stopServer(server: ChildServer, signal: NodeJS.Signals = "SIGTERM") {
  server.kill(signal);
  return server.exited;
}

const pgBin = () => {
  const version = readdirSync("/usr/lib/postgresql").sort().pop();
  if (!version) throw new Error("PostgreSQL binaries not found in /usr/lib/postgresql");
  return (name: string) => `/usr/lib/postgresql/${version}/bin/${name}`;
};

/**
 * A throwaway PostgreSQL cluster in /tmp on a free port (trust auth, no fsync), run as the
 * `postgres` OS user, which `initdb` insists on when we are root.
 */
export async function startPrivatePostgres() {
  const bin = pgBin();
  const dir = mkdtempSync(path.join(tmpdir(), "atiende-pg-"));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) chownSync(dir, (await idOf("postgres")).uid, (await idOf("postgres")).gid);
  const pg = (tool: string, args: string[]) =>
    asPostgres
      ? run("runuser", ["-u", "postgres", "--", bin(tool), ...args])
      : run(bin(tool), args);
  const data = path.join(dir, "data");
  await pg("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const start = () =>
    pg("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
  // "fast": sessions are cut (57P01) as in a real outage or restart.
  const stop = () => pg("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    close: async () => {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function idOf(user: string) {
  const [uid, gid] = await Promise.all([run("id", ["-u", user]), run("id", ["-g", user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** A throwaway Redis on a free port, no persistence; `stop` kills it, `start` brings it back. */
export async function startPrivateRedis() {
  const port = await freePort();
  let server: ChildProcess | undefined;
  const start = async () => {
    server = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        stdio: "ignore",
      },
    );
    await eventually(async () => {
      const { stdout } = await run("redis-cli", ["-p", String(port), "ping"]);
      if (stdout.trim() !== "PONG") throw new Error("Redis not up yet");
    }, 15_000);
  };
  const stop = async () => {
    const current = server;
    if (!current || current.exitCode !== null) return;
    const gone = new Promise((resolve) => current.once("exit", resolve));
    current.kill("SIGKILL");
    await gone;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop, close: stop };
}

/**
 * A migrated database the child servers can share: a new one on DATABASE_URL's server when set
 * (dropped after), else one on a private PostgreSQL (PGlite cannot be shared between processes).
 */
export async function sharedDatabase(options: { privateServer?: boolean } = {}) {
  const own =
    process.env.DATABASE_URL && !options.privateServer ? undefined : await startPrivatePostgres();
  const previous = process.env.DATABASE_URL;
  if (own) process.env.DATABASE_URL = own.url;
  try {
    const handle = await createTestDatabase();
    if (!handle.url) throw new Error("expected a PostgreSQL test database");
    const url = handle.url;
    const sql = postgres(url, { max: 2, onnotice: () => undefined });
    return {
      handle,
      url,
      sql,
      /** The private server, when there is one, to stop and start. */
      server: own,
      close: async () => {
        await sql.end({ timeout: 5 });
        await handle.close();
        await own?.close();
      },
    };
  } finally {
    if (own) {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
  }
}
