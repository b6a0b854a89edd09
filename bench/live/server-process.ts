import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Plugin } from "esbuild";
import { build } from "esbuild";

import type { ServerSettings } from "./env";
import { childEnv, memoryProbeEnv, serverNodeFlags } from "./env";
import type { FromChild, ServerSample, ToChild } from "./protocol";
import { isFromChild } from "./protocol";

const benchRoot = path.resolve(import.meta.dirname, "..");

/** Children still running, so that an exit of the load generator can take them down too. */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface ServerProcess {
  port: number;
  pid: number;
  /** Memory (after a forced gc when `gc`) and CPU time of the server process. */
  sample: (gc: boolean) => Promise<ServerSample>;
  /** What the server's memory probe last wrote; undefined before its first reading. */
  memory: () => ProbedMemory | undefined;
  stop: () => Promise<void>;
}

/**
 * npm packages stay outside the bundle, as in the app's own server build (apps/web/scripts/
 * build-server.mjs), imported by absolute path so that the bundle runs from any folder.
 */
const packagesOutside: Plugin = {
  name: "packages-outside",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (isBuiltin(args.path) || args.path.startsWith("@atiende/") || args.pluginData === "outside") return undefined;
      const found = await builder.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: "outside",
      });
      return found.errors.length > 0 ? { errors: found.errors } : { path: found.path, external: true };
    });
  },
};

const bundles = new Map<string, Promise<string>>();

/**
 * The entry and our workspace packages bundled the way the app's server is built for production.
 * Running them through tsx instead would measure tsx: it keeps every function's name, which gives
 * each closure made at run time its own property store (about 2 KB per socket here).
 */
function bundle(entry: string): Promise<string> {
  let built = bundles.get(entry);
  if (!built) {
    const outfile = path.join(import.meta.dirname, ".bundles", entry.replace(/\.ts$/, ".mjs"));
    built = build({
      entryPoints: [path.join(import.meta.dirname, entry)],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // import.meta.dirname in the bundle is still this folder.
      define: { "import.meta.dirname": JSON.stringify(import.meta.dirname) },
      plugins: [packagesOutside],
      logLevel: "warning",
    }).then(() => outfile);
    bundles.set(entry, built);
  }
  return built;
}

/** A server's RSS and the bytes its young generation holds, read in the same instant (memory-probe.ts). */
export interface ProbedMemory {
  rss: number;
  young: number;
  /** Full (mark-compact) collections so far, whoever started them. */
  majorGcs: number;
}

/** What loads memory-probe.ts into a server (its Node flags and environment), and reads what it writes. */
export async function memoryProbe() {
  const file = path.join(tmpdir(), `atiende-bench-memory-${randomUUID()}.json`);
  return {
    flags: ["--import", await bundle("memory-probe.ts")],
    env: memoryProbeEnv(file),
    read: (): ProbedMemory | undefined => {
      try {
        return JSON.parse(readFileSync(file, "utf8")) as ProbedMemory;
      } catch {
        // Not written yet, or caught mid-write: the next reading will do.
        return undefined;
      }
    },
    remove: () => rmSync(file, { force: true }),
  };
}

/**
 * Starts a server entry file in its own Node process, so that its memory is not mixed with the load
 * generator's. `--expose-gc` lets the child collect garbage before it reports memory.
 */
export async function startServerProcess(entry: string, settings: ServerSettings): Promise<ServerProcess> {
  const probe = await memoryProbe();
  const args = [...serverNodeFlags(), "--expose-gc", ...probe.flags, await bundle(entry)];
  const child = spawn(process.execPath, args, {
    cwd: benchRoot,
    env: { ...childEnv(settings), ...probe.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  running.add(child);
  child.once("exit", () => {
    running.delete(child);
    probe.remove();
  });

  const next = (type: FromChild["type"], timeoutMs: number) =>
    new Promise<FromChild>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`${entry}: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (message: unknown) => {
        if (!isFromChild(message)) return;
        if (message.type === "failed") done(new Error(`${entry} failed: ${message.message}`));
        else if (message.type === type) done(undefined, message);
      };
      const onExit = (code: number | null) => done(new Error(`${entry} exited (${code}) before "${type}"`));
      function done(error?: Error, message?: FromChild) {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        if (message) resolve(message);
        else reject(error ?? new Error("unreachable"));
      }
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const tell = (message: ToChild) => {
    if (child.connected) child.send(message);
  };

  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };

  let port: number;
  try {
    const ready = await next("ready", 60_000);
    if (ready.type !== "ready") throw new Error("unreachable");
    port = ready.port;
  } catch (error) {
    kill();
    throw error;
  }

  return {
    port,
    pid: child.pid ?? -1,
    sample: async (gc) => {
      const reply = next("sample", 30_000);
      tell({ type: "sample", gc });
      const message = await reply;
      if (message.type !== "sample") throw new Error("unreachable");
      return message.sample;
    },
    memory: probe.read,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      tell({ type: "stop" });
      const timer = setTimeout(kill, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
