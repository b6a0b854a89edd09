import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { spawn } from "node:child_process";

import { productionServerEnv, serverNodeFlags } from "./env";
import { readProcess } from "./proc";
import type { ServerProcess } from "./server-process";
import { memoryProbe } from "./server-process";

const repoRoot = path.resolve(import.meta.dirname, "../..");
export const standaloneServer = path.join(repoRoot, "apps/web/.next/standalone/server.js");

/** The Node flags `pnpm start` runs the server with (apps/web/package.json), so the bench runs it the same way. */
function startFlags(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, "apps/web/package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const [node, ...rest] = manifest.scripts.start.split(/\s+/);
  if (node !== "node" || rest.at(-1) !== ".next/standalone/server.js") {
    throw new Error(`apps/web's start script is not \`node [flags] .next/standalone/server.js\`: ${manifest.scripts.start}`);
  }
  return rest.slice(0, -1);
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });

/**
 * Atiende as people run it: `pnpm build` then `pnpm start`'s server (Next and the API in one
 * process), on the run's database. Its memory and CPU are read from /proc (see proc.ts).
 */
export async function startProductionServer(settings: { databaseUrl: string; pool: number }): Promise<ServerProcess> {
  if (!existsSync(standaloneServer)) throw new Error(`${standaloneServer} is missing: run pnpm build first`);
  const port = await freePort();
  const probe = await memoryProbe();
  const child = spawn(process.execPath, [...startFlags(), ...serverNodeFlags(), ...probe.flags, standaloneServer], {
    cwd: path.dirname(standaloneServer),
    env: { ...productionServerEnv({ ...settings, port }), ...probe.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", probe.remove);
  process.once("exit", () => child.kill("SIGKILL"));
  const pid = child.pid ?? -1;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the production server exited (${child.exitCode})`);
    const ready = await fetch(`http://127.0.0.1:${port}/api/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("the production server was not ready within 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    port,
    pid,
    sample: () => {
      const { rss, cpuMicros } = readProcess(pid);
      return Promise.resolve({ rss, cpuMicros, heapUsed: Number.NaN, heapTotal: Number.NaN, external: Number.NaN, resources: {} });
    },
    memory: probe.read,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
