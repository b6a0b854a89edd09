import type { IncomingMessage, Server, ServerResponse } from "node:http";

import { stampClientIp } from "../auth/client-ip";
import type { BearerIdentity } from "../auth/identity";
import { verifyBearer } from "../auth/identity";
import { bearerToken } from "../contract";
import type { Logger } from "../log";
import { getLogger, requestIdFrom, withRequestId } from "../log";
import { corsHeaders } from "../security/cors";
import type { SecurityPolicy } from "../security/headers";
import { API_CSP, baseSecurityHeaders, frameHeaders, securityPolicyFromEnv } from "../security/headers";
import type { ApiServices } from "../trpc";
import { trackRequests } from "../transport/drain";
import { createTrpcHttpHandler, isTrpcHttpPath } from "../transport/http";
import { createProbes } from "../transport/probes";
import type { Identity } from "../transport/ws";
import { attachRealtime } from "../transport/ws";

/** How a transport learns who is calling. */
export interface Identify {
  /** An HTTP call; `mayRemember`: see auth/identity.ts's `credentialUser`. */
  request: (request: IncomingMessage, mayRemember: boolean) => Promise<BearerIdentity | null>;
  /** A WebSocket, from its upgrade request or its `connectionParams`. */
  connection: (
    request: IncomingMessage,
    params: Record<string, string> | null,
  ) => Promise<Identity | null>;
}

export interface ServeOptions {
  server: Server;
  services: ApiServices;
  identify: Identify;
  fallback: (request: IncomingMessage, response: ServerResponse) => void;
  /** Defaults to the environment's. */
  securityPolicy?: SecurityPolicy;
  onInternalError?: (error: unknown, path: string | undefined, requestId?: string) => void;
  /** Where request lines go; `getLogger()` (silent unless the process set one up) by default. */
  log?: Logger;
  /** A WebSocket client with more than this waiting to be sent is dropped (default 4 MiB). */
  maxBufferedBytes?: number;
  /** An event stream whose client has not read for this long is closed (default 30 s). */
  stalledStreamMs?: number;
}

// Static files and probes would drown the requests worth reading.
const QUIET_PATHS = /^\/(_next\/|favicon|api\/health$|api\/ready$)/;

/**
 * Puts the API on a Node HTTP server: `/api/health` and `/api/ready`, tRPC over HTTP (calls and
 * SSE) at /api/trpc and over WebSockets at /api/trpc-ws. Every other request goes to `fallback`
 * (the web app's pages). Each request runs with a request id (the caller's sane `x-request-id`, or
 * a new one), echoed in the response and written on every log line it causes.
 */
export function serveApi(options: ServeOptions) {
  const log = options.log ?? getLogger();
  // The request line's fields are known and hold nothing secret (the path without its query):
  // redaction's wildcard paths would cost ten times the line itself on every call.
  const requestLog = log.child({}, { redact: { paths: [] } });
  const requests = trackRequests({ log, stalledStreamMs: options.stalledStreamMs ?? 30_000 });
  const handleProbe = createProbes(options.services, () => requests.draining);
  const handleTrpc = createTrpcHttpHandler({
    services: options.services,
    authenticate: options.identify.request,
    onInternalError: options.onInternalError,
  });
  const hostSites = options.services.config.embed.origins;
  const policy = { ...(options.securityPolicy ?? securityPolicyFromEnv()), embedOrigins: hostSites };
  const headers = Object.entries({
    ...baseSecurityHeaders(policy),
    // The pages replace it with their own (apps/web/src/proxy.ts).
    "Content-Security-Policy": API_CSP,
  });

  options.server.on("request", (request, response) => {
    for (const [name, value] of headers) response.setHeader(name, value);
    const url = request.url ?? "/";
    for (const [name, value] of Object.entries(frameHeaders(url, policy))) response.setHeader(name, value);
    const cors = corsHeaders(request.method, url, request.headers.origin, hostSites);
    for (const [name, value] of Object.entries(cors?.headers ?? {})) response.setHeader(name, value);
    if (cors?.preflight) {
      response.writeHead(cors.preflight).end();
      return;
    }
    const requestId = requestIdFrom(request.headers["x-request-id"]);
    response.setHeader("x-request-id", requestId);
    // Route handlers (sign-in limits) read the caller's address from a header only we set.
    stampClientIp(request, options.services.config.network.trustedProxies);
    requests.track(request, response);
    logWhenAnswered(requestLog, request, response, requestId);
    if (handleProbe(request, response)) return;
    // The API's calls carry their request id themselves: no async context to keep per promise
    // on the message path. Next's pages and route handlers read it from the request scope.
    if (isTrpcHttpPath(request.url)) return handleTrpc(request, response, requestId);
    withRequestId(requestId, () => options.fallback(request, response));
  });

  const realtime = attachRealtime({
    server: options.server,
    services: options.services,
    authenticate: options.identify.connection,
    allowedOrigins: hostSites,
    maxBufferedBytes: options.maxBufferedBytes,
    onInternalError: options.onInternalError,
  });

  return {
    ...realtime,
    /** Whether `shutdown` has begun (the readiness probe then answers 503). */
    get draining() {
      return requests.draining;
    },
    /**
     * A graceful stop: refuse new connections and fail the readiness probe, ask every WebSocket
     * client to reconnect and close its socket, end event streams (both kinds of client resume
     * elsewhere from their last event id), let requests in progress finish (up to `graceMs`), then
     * close what is left. The caller closes the bus and the database after it.
     */
    shutdown: async (graceMs = 10_000) => {
      const closed = new Promise<void>((resolve) => options.server.close(() => resolve()));
      const [unfinished] = await Promise.all([requests.drain(graceMs), realtime.close()]);
      if (unfinished > 0)
        log.warn({ unfinished }, "requests still running at the shutdown deadline were cut off");
      options.server.closeAllConnections();
      // Upgraded sockets Node no longer tracks (Next's reload socket) must not hold the exit.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    },
  };
}

/**
 * How a process serving the API stops on SIGTERM (apps/web/server.ts and the fault tests' child
 * server share it): ask WebSocket clients to reconnect, drain (see `shutdown`), then close the
 * bus and the database, which in-flight writes needed until now.
 */
export function stopOnSignals(options: {
  api: ReturnType<typeof serveApi>;
  closeDependencies: () => Promise<void>;
  graceMs: number;
  log: Logger;
  exit?: (code: number) => void;
}) {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.log.info({ signal }, "shutting down: finishing in-flight work, then exiting");
    // Clients reconnect (elsewhere, or here after the restart) and resume from their last event id.
    options.api.broadcastReconnect();
    await options.api.shutdown(options.graceMs);
    await options.closeDependencies();
    options.log.info("stopped");
    options.log.flush();
    (options.exit ?? process.exit)(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

function logWhenAnswered(log: Logger, request: IncomingMessage, response: ServerResponse, requestId: string) {
  const started = performance.now();
  // Only the path: query strings can carry subscription inputs.
  const path = request.url?.split("?")[0] ?? "";
  response.once("close", () => {
    const line = {
      requestId,
      method: request.method,
      path,
      status: response.statusCode,
      ms: Math.round(performance.now() - started),
      ...(response.writableFinished ? {} : { aborted: true }),
    };
    if (QUIET_PATHS.test(path)) log.debug(line, "request");
    else log.info(line, "request");
  });
}

/** Bearer tokens only: the `Authorization` header for calls, `connectionParams.token` for sockets. */
export function bearerIdentity(services: ApiServices): Identify {
  return {
    request: async (request, mayRemember) => {
      const token = bearerToken(request.headers.authorization);
      return token ? verifyBearer(services.db, services.config, token, mayRemember) : null;
    },
    connection: async (_request, params) =>
      params?.token ? verifyBearer(services.db, services.config, params.token) : null,
  };
}
