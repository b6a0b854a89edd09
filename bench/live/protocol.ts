/** Messages between the load generator and a server child, over the child's IPC channel. */

export interface ServerSample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Memory outside the JS heap that V8 knows of (Buffers and the like). */
  external: number;
  /** CPU time the child has used so far, user + system, in microseconds. */
  cpuMicros: number;
  /** Active handles and requests by type (sockets, timers, ...), from process.getActiveResourcesInfo(). */
  resources: Record<string, number>;
}

export type ToChild = { type: "sample"; gc: boolean } | { type: "stop" };

export type FromChild =
  | { type: "ready"; port: number }
  | { type: "sample"; sample: ServerSample }
  | { type: "stopped" }
  | { type: "failed"; message: string };

export function isFromChild(value: unknown): value is FromChild {
  return typeof value === "object" && value !== null && "type" in value && typeof value.type === "string";
}

export function isToChild(value: unknown): value is ToChild {
  return typeof value === "object" && value !== null && "type" in value && typeof value.type === "string";
}
