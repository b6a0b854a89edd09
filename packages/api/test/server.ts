import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import type { User } from "@atiende/db";
import type { TRPCLink } from "@trpc/client";
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  wsLink,
} from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import { afterAll, beforeAll } from "vitest";
import { WebSocket } from "ws";

import { issueToken } from "../src/auth/token";
import type { AppRouter } from "../src/root";
import type { ServeOptions } from "../src/server";
import { bearerIdentity, serveApi } from "../src/server";
import type { ApiServices } from "../src/trpc";
import type { Harness } from "./harness";

/**
 * A real HTTP + WebSocket server on a free port, wired as the app wires it, with bearer-token auth.
 * `port` reuses a port, to restart "the same" server.
 */
export async function startTestServer(
  services: ApiServices,
  port = 0,
  options: Partial<Pick<ServeOptions, "maxBufferedBytes" | "stalledStreamMs" | "fallback">> = {},
) {
  const server = createServer();
  const realtime = serveApi({
    server,
    services,
    identify: bearerIdentity(services),
    fallback: (_request, response) => response.writeHead(404).end(),
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    server,
    realtime,
    port: address.port,
    origin,
    wsUrl: `ws://127.0.0.1:${address.port}/api/trpc-ws`,
    close: async () => {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export interface SharedTestServer extends TestServer {
  /** After `close()`: starts it again on the same port, as a restarted instance would come back. */
  reopen: () => Promise<void>;
}

/**
 * Gives a test file one server over the harness's services, started before its tests and closed
 * after them (before the harness closes the database: afterAll hooks run in reverse order). Like
 * the harness, the object is filled in by beforeAll: read its fields inside hooks and tests.
 */
export function useTestServer(
  harness: Harness,
  options: Parameters<typeof startTestServer>[2] = {},
): SharedTestServer {
  const shared = {} as SharedTestServer;
  const start = async (port: number) => {
    Object.assign(shared, await startTestServer(harness.services, port, options));
  };
  beforeAll(async () => {
    await start(0);
    shared.reopen = () => start(shared.port);
  });
  afterAll(async () => {
    await shared.close?.();
  });
  return shared;
}

/** A typed client for a user: calls over HTTP, subscriptions over WebSocket (or SSE). */
export async function connectClient(
  target: { origin: string; wsUrl: string },
  services: ApiServices,
  user: User,
  transport: "ws" | "sse" = "ws",
) {
  const { token } = await issueToken(user.id, services.config);
  const headers = { authorization: `Bearer ${token}` };
  const ws =
    transport === "ws"
      ? createWSClient({
          url: target.wsUrl,
          connectionParams: { token },
          // Node 20 has no global WebSocket.
          WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
          retryDelayMs: () => 100,
        })
      : null;
  const subscriptions: TRPCLink<AppRouter> = ws
    ? wsLink({ client: ws, transformer: superjson })
    : httpSubscriptionLink({
        url: `${target.origin}/api/trpc`,
        transformer: superjson,
        EventSource,
        // Node's EventSource lets us add the bearer header a browser would carry as a cookie.
        eventSourceOptions: () => ({
          fetch: (input: string | URL | Request, init?: RequestInit) =>
            fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }),
        }),
      });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: subscriptions,
        false: httpBatchLink({ url: `${target.origin}/api/trpc`, transformer: superjson, headers }),
      }),
    ],
  });
  return { client, ws, token, close: async () => ws?.close() };
}
