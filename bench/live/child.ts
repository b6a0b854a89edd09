import type { FromChild, ServerSample } from "./protocol";
import { isToChild } from "./protocol";

export interface RunningServer {
  port: number;
  close: () => Promise<void>;
}

/**
 * The child side of a server process: starts the server, answers memory samples, stops on request,
 * and exits when the load generator goes away so that no server outlives a run.
 */
export function runServerChild(start: () => Promise<RunningServer>) {
  const send = (message: FromChild) => process.send?.(message);
  let server: RunningServer | undefined;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => process.exit(code), 5000);
    forced.unref();
    try {
      await server?.close();
    } finally {
      send({ type: "stopped" });
      process.exit(code);
    }
  };

  process.on("message", (message) => {
    if (!isToChild(message)) return;
    if (message.type === "stop") void stop(0);
    if (message.type === "sample") send({ type: "sample", sample: sample(message.gc) });
  });
  process.on("disconnect", () => void stop(0));

  start()
    .then((running) => {
      server = running;
      send({ type: "ready", port: running.port });
    })
    .catch((error: unknown) => {
      send({ type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      void stop(1);
    });
}

function sample(collect: boolean): ServerSample {
  if (collect && globalThis.gc) {
    // Twice: the first pass can leave work (weak references, finalizers) for a second one.
    globalThis.gc();
    globalThis.gc();
  }
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    external: memory.external,
    cpuMicros: cpu.user + cpu.system,
    resources: countResources(),
  };
}

function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}
