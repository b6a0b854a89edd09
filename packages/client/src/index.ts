import type { AppRouter } from "@atiende/api";
import { reliableSendLinks } from "@atiende/api/client";
import { CLOSE_CODES } from "@atiende/api/contract";
import type { TRPCClient, TRPCLink } from "@trpc/client";
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  wsLink,
} from "@trpc/client";
import superjson from "superjson";

export type { AppRouter, ConversationEvent, InboxEvent, RouterInputs, RouterOutputs } from "@atiende/api";

export interface AtiendeClientOptions {
  /** The app's base URL, e.g. https://soporte.example.com */
  url: string;
  /** A bearer token from `signIn` (POST /api/auth/token) or your own identity provider. */
  token: string;
  /**
   * A WebSocket implementation for subscriptions: the global one in browsers and Node 22+, or `ws`
   * on Node 20. Without one, subscriptions use Server-Sent Events.
   */
  WebSocket?: typeof globalThis.WebSocket;
  /**
   * Called once when the server ends the socket because the token expired (close code 4001) or
   * was revoked (4003: password changed, account disabled). The client then stops reconnecting:
   * sign in again and create a new client.
   */
  onAuthLost?: (reason: "expired" | "revoked") => void;
  /**
   * How many times `message.send` is tried before its error reaches you (default: until the
   * server answers). Only failures without an answer (network, restarts, 5xx) are retried, always
   * with the same clientMessageId, so a message is stored once however often it is tried.
   */
  sendAttempts?: number;
}

/** What `createAtiendeClient` returns. */
export interface AtiendeClient {
  /** Every procedure, typed: `api.message.send.mutate(...)`, `api.live.inbox.subscribe(...)`. */
  api: TRPCClient<AppRouter>;
  /** Closes the WebSocket, so a script can exit. */
  close: () => Promise<void>;
}

/** WebSocket close codes with which the server says the credential is dead. */
export const AUTH_CLOSE_CODES = { expired: CLOSE_CODES.tokenExpired, revoked: CLOSE_CODES.revoked } as const;

/**
 * A typed client for every Atiende procedure: queries are batched over HTTP; mutations and
 * subscriptions use a WebSocket that reconnects (subscriptions resume from the last event they
 * saw), or HTTP and SSE where there is no WebSocket.
 * (The procedures sit under `api` because the tRPC client is a proxy in which every name is a path.)
 */
export function createAtiendeClient(options: AtiendeClientOptions): AtiendeClient {
  const base = options.url.replace(/\/+$/, "");
  const headers = { authorization: `Bearer ${options.token}` };
  const WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
  let authLost = false;
  const ws = WebSocketImpl
    ? createWSClient({
        url: `${base.replace(/^http/, "ws")}/api/trpc-ws`,
        connectionParams: { token: options.token },
        WebSocket: WebSocketImpl,
        keepAlive: { enabled: true },
        onClose: (cause) => {
          const reason =
            cause?.code === AUTH_CLOSE_CODES.expired ? "expired" : cause?.code === AUTH_CLOSE_CODES.revoked ? "revoked" : null;
          if (!reason || authLost) return;
          // Reconnecting with a dead token would only be refused, forever.
          authLost = true;
          void ws?.close();
          options.onAuthLost?.(reason);
        },
      })
    : null;
  const subscriptions: TRPCLink<AppRouter> = ws
    ? wsLink({ client: ws, transformer: superjson })
    : httpSubscriptionLink({ url: `${base}/api/trpc`, transformer: superjson });
  const client = createTRPCClient<AppRouter>({
    links: [
      ...reliableSendLinks({ maxAttempts: options.sendAttempts }),
      splitLink({
        // Mutations ride the socket too when there is one: it is authenticated once per
        // connection, not once per call (several times the throughput; see bench/RESULTS.md).
        condition: (op) => op.type === "subscription" || (ws !== null && op.type === "mutation"),
        true: subscriptions,
        false: httpBatchLink({ url: `${base}/api/trpc`, transformer: superjson, headers }),
      }),
    ],
  });
  return { api: client, close: async () => ws?.close() };
}

export interface SignInResult {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: string };
}

/** Exchanges an email and password for a bearer token. */
export async function signIn(options: { url: string; email: string; password: string }): Promise<SignInResult> {
  const response = await fetch(`${options.url.replace(/\/+$/, "")}/api/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: options.email, password: options.password }),
  });
  if (!response.ok) throw new Error(`Sign-in failed with HTTP ${response.status}`);
  return (await response.json()) as SignInResult;
}
