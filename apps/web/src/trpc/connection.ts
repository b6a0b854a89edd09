"use client";

import { CLOSE_CODES, CONNECTION_ID_PARAM } from "@atiende/api/contract";
import type { TRPCWebSocketClient } from "@trpc/client";
import { createWSClient } from "@trpc/client";
import { useSyncExternalStore } from "react";

import { currentBearerToken, usesBearerTokens } from "./bearer";

export type ConnectionState = "connecting" | "online" | "offline";
/** How subscriptions travel: the socket, or Server-Sent Events where sockets are blocked. */
export type Transport = "websocket" | "sse";

let state: ConnectionState = "connecting";
let transport: Transport = "websocket";
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};
const setState = (next: ConnectionState) => {
  state = next;
  notify();
};

let client: TRPCWebSocketClient | undefined;

/**
 * This tab's name for its socket, also sent with the messages it posts: the server then does not
 * echo a message back to the socket of the tab that sent it, which has it from the call's answer
 * (the same user's other tabs still get it). Not a secret: it can only mute this user's own socket.
 */
export const TAB_CONNECTION_ID = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
  byte.toString(16).padStart(2, "0"),
).join("");

let checkingSession: ReturnType<typeof setTimeout> | undefined;

/**
 * The server closed the socket because the session expired or was revoked. If the session is
 * really gone (this page may have just signed in again, after a password change), go to the
 * sign-in page instead of reconnecting with a dead cookie.
 */
function checkSessionSoon() {
  checkingSession ??= setTimeout(() => {
    checkingSession = undefined;
    void fetch("/api/trpc/auth.me", { credentials: "same-origin" }).then((response) => {
      if (response.status !== 401) return;
      const here = `${window.location.pathname}${window.location.search}`;
      window.location.assign(`/sign-in?callbackUrl=${encodeURIComponent(here)}`);
    });
  }, 2_000);
}

/**
 * A socket that has stayed open for this long proves the network lets sockets through; from then
 * on a drop is a restart or a blip, and reconnecting is right.
 */
const STABLE_MS = 3_000;
/** Time a first socket gets to prove itself before subscriptions move to SSE. */
const TRIAL_MS = 8_000;
const FAILURES_BEFORE_SSE = 3;
let provenStable = false;
let trial: ReturnType<typeof setTimeout> | undefined;
let openedAt = 0;
let failures = 0;
let lastFailureAt = 0;

const isStableNow = () => openedAt > 0 && Date.now() - openedAt >= STABLE_MS;

function fallBackToSse() {
  // An event stream cannot carry a bearer token but in its URL, where no secret goes: pages that
  // use tokens (the embedded chat) keep retrying the socket.
  if (usesBearerTokens()) return;
  // Sockets never held here (a proxy or firewall): subscriptions move to Server-Sent Events.
  transport = "sse";
  void client?.close();
  setState("online");
}

/** The first socket event starts the trial: by its end, a socket must have held for a while. */
function startTrial() {
  trial ??= setTimeout(() => {
    if (isStableNow()) provenStable = true;
    if (!provenStable && transport === "websocket") fallBackToSse();
  }, TRIAL_MS);
}

/** A socket ended (by `close` or `error`; a failed attempt may report both, counted once). */
function onSocketEnded() {
  startTrial();
  if (transport === "sse") return;
  setState("offline");
  if (provenStable) return;
  if (isStableNow()) {
    provenStable = true;
    return;
  }
  if (Date.now() - lastFailureAt < 250) return;
  lastFailureAt = Date.now();
  failures += 1;
  if (failures >= FAILURES_BEFORE_SSE) fallBackToSse();
}

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
    // Asked at every (re)connection, so a refreshed token is the one presented.
    connectionParams: async () => {
      const token = await currentBearerToken();
      return { [CONNECTION_ID_PARAM]: TAB_CONNECTION_ID, ...(token ? { token } : {}) };
    },
    onOpen: () => {
      startTrial();
      openedAt = Date.now();
      setState("online");
    },
    onClose: (cause) => {
      onSocketEnded();
      openedAt = 0;
      const authClosed = cause?.code === CLOSE_CODES.tokenExpired || cause?.code === CLOSE_CODES.revoked;
      // A bearer page gets a fresh token at the reconnection; a cookie page may have to sign in.
      if (authClosed && !usesBearerTokens()) checkSessionSoon();
    },
    onError: () => {
      onSocketEnded();
      openedAt = 0;
    },
  });
  return client;
}

export const getTransport = (): Transport => transport;

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The live connection's state, for the "reconectando…" banner. */
export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(subscribe, () => state, () => "connecting");
}

/** Which transport subscriptions use; changes once at most, from the socket to SSE. */
export function useTransport(): Transport {
  return useSyncExternalStore(subscribe, () => transport, () => "websocket");
}
