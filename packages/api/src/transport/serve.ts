import type { IncomingMessage, Server, ServerResponse } from "node:http";

import type { User } from "@atiende/db";

import { stampClientIp } from "../auth/client-ip";
import { verifyBearer } from "../auth/identity";
import type { SecurityPolicy } from "../security/headers";
import { API_CSP, baseSecurityHeaders, securityPolicyFromEnv } from "../security/headers";
import type { ApiServices } from "../trpc";
import { createTrpcHttpHandler, isTrpcHttpPath } from "./http";
import type { Identity } from "./ws";
import { attachRealtime } from "./ws";

/** How a transport learns who is calling. */
export interface Identify {
  /** An HTTP call. */
  request: (request: IncomingMessage) => Promise<User | null>;
  /** A WebSocket, from its upgrade request or its `connectionParams`. */
  connection: (request: IncomingMessage, params: Record<string, string> | null) => Promise<Identity | null>;
}

/**
 * Puts the API on a Node HTTP server: tRPC over HTTP (calls and SSE) at /api/trpc and over
 * WebSockets at /api/trpc-ws. Every other request goes to `fallback` (the web app's pages).
 */
export function serveApi(options: {
  server: Server;
  services: ApiServices;
  identify: Identify;
  fallback: (request: IncomingMessage, response: ServerResponse) => void;
  allowedOrigins?: readonly string[];
  /** Defaults to the environment's. */
  securityPolicy?: SecurityPolicy;
  onInternalError?: (error: unknown, path: string | undefined) => void;
}) {
  const handleTrpc = createTrpcHttpHandler({
    services: options.services,
    authenticate: options.identify.request,
    onInternalError: options.onInternalError,
  });
  const headers = Object.entries({
    ...baseSecurityHeaders(options.securityPolicy ?? securityPolicyFromEnv()),
    // The pages replace it with their own (apps/web/src/proxy.ts).
    "Content-Security-Policy": API_CSP,
  });
  options.server.on("request", (request, response) => {
    for (const [name, value] of headers) response.setHeader(name, value);
    // Route handlers (sign-in limits) read the caller's address from a header only we set.
    stampClientIp(request, options.services.config.network.trustedProxies);
    if (isTrpcHttpPath(request.url)) return void handleTrpc(request, response);
    options.fallback(request, response);
  });
  return attachRealtime({
    server: options.server,
    services: options.services,
    authenticate: options.identify.connection,
    allowedOrigins: options.allowedOrigins,
  });
}

const bearerOf = (header: string | undefined) => header?.match(/^Bearer\s+(.+)$/i)?.[1];

/** Bearer tokens only: the `Authorization` header for calls, `connectionParams.token` for sockets. */
export function bearerIdentity(services: ApiServices): Identify {
  return {
    request: async (request) => {
      const token = bearerOf(request.headers.authorization);
      return token ? ((await verifyBearer(services.db, services.config, token))?.user ?? null) : null;
    },
    connection: async (_request, params) =>
      params?.token ? verifyBearer(services.db, services.config, params.token) : null,
  };
}
