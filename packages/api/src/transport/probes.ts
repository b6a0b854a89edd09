import type { IncomingMessage, ServerResponse } from "node:http";

import { sql } from "@atiende/db";

import type { ApiServices } from "../trpc";

export const PROBE_PATHS = { health: "/api/health", ready: "/api/ready" } as const;

/** A probe that takes longer than this counts as failed: a load balancer must not wait on us. */
const PROBE_TIMEOUT_MS = 2000;

type Check = "ok" | "unavailable" | "shutting_down";

const withTimeout = (promise: Promise<boolean>) =>
  Promise.race([
    promise.catch(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), PROBE_TIMEOUT_MS).unref()),
  ]);

/**
 * `/api/health`: the process answers (liveness; never touches a dependency, so an outage does not
 * get healthy instances restarted). `/api/ready`: this instance can serve (the database answers,
 * Redis too when configured, and it is not shutting down); 503 names what failed.
 */
export function createProbes(services: Pick<ApiServices, "db" | "bus">, isDraining: () => boolean) {
  async function readiness() {
    const [database, redis] = await Promise.all([
      withTimeout(services.db.execute(sql`select 1`).then(() => true)),
      withTimeout(services.bus.isReady()),
    ]);
    const checks: Record<string, Check> = { database: database ? "ok" : "unavailable" };
    if (services.bus.kind === "redis") checks.redis = redis ? "ok" : "unavailable";
    if (isDraining()) checks.server = "shutting_down";
    return { ready: Object.values(checks).every((check) => check === "ok"), checks };
  }

  /** Answers the request if it is a probe; false leaves it to the next handler. */
  return function handleProbe(request: IncomingMessage, response: ServerResponse): boolean {
    const path = request.url?.split("?")[0];
    if (path !== PROBE_PATHS.health && path !== PROBE_PATHS.ready) return false;
    const send = (status: number, body: unknown) =>
      response
        .writeHead(status, { "content-type": "application/json", "cache-control": "no-store" })
        .end(JSON.stringify(body));
    if (path === PROBE_PATHS.health) {
      send(200, { status: "ok" });
      return true;
    }
    void readiness().then(({ ready, checks }) =>
      send(ready ? 200 : 503, { status: ready ? "ready" : "unavailable", checks }),
    );
    return true;
  };
}
