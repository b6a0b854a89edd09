"use client";

import type { TRPCWebSocketClient } from "@trpc/client";
import { createWSClient } from "@trpc/client";
import { useSyncExternalStore } from "react";

export type ConnectionState = "connecting" | "online" | "offline";

let state: ConnectionState = "connecting";
const listeners = new Set<() => void>();
const setState = (next: ConnectionState) => {
  state = next;
  for (const listener of listeners) listener();
};

let client: TRPCWebSocketClient | undefined;

/**
 * The tab's one WebSocket (React StrictMode would otherwise open two). The session cookie
 * authenticates it; it reconnects with backoff and subscriptions resume from their last event id.
 */
export function getWebSocketClient(): TRPCWebSocketClient {
  client ??= createWSClient({
    url: `${window.location.origin.replace(/^http/, "ws")}/api/trpc-ws`,
    retryDelayMs: (attempt) => Math.min(1000 * 2 ** attempt, 15_000),
    keepAlive: { enabled: true, intervalMs: 20_000, pongTimeoutMs: 5_000 },
    // Open only when something subscribes, and close when nothing has for a while: the socket
    // then always carries the session of the page that needs it (not the sign-in page's none).
    lazy: { enabled: true, closeMs: 10_000 },
    onOpen: () => setState("online"),
    onClose: () => setState("offline"),
  });
  return client;
}

/** The live connection's state, for the "reconectando…" banner. */
export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
    () => "connecting",
  );
}
