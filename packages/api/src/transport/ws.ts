import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

import type { User } from "@atiende/db";
import { TRPCError } from "@trpc/server";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import type { WebSocket } from "ws";
import { WebSocketServer } from "ws";

import { texts } from "../domain/errors";
import { appRouter } from "../root";
import type { ApiServices } from "../trpc";
import { createInnerContext } from "../trpc";

export const WS_PATH = "/api/trpc-ws";

export interface Identity {
  user: User;
  /** When the credential runs out; the socket is closed then. */
  expiresAt?: Date;
}

export interface RealtimeOptions {
  server: Server;
  services: ApiServices;
  /** Who is connecting, from the upgrade request (cookie) or the client's `connectionParams`. */
  authenticate: (
    request: IncomingMessage,
    connectionParams: Record<string, string> | null,
  ) => Promise<Identity | null>;
  /** Origins (scheme://host:port) allowed besides the server's own. */
  allowedOrigins?: readonly string[];
  path?: string;
  /** Largest frame a client may send. */
  maxPayloadBytes?: number;
  /** A client with more than this waiting to be sent is too slow and is dropped; it resumes later. */
  maxBufferedBytes?: number;
}

/** Close codes a client can act on. */
export const CLOSE_CODES = { tokenExpired: 4001, revoked: 4003, tooSlow: 4008 } as const;

/**
 * Serves tRPC subscriptions over WebSockets on the given HTTP server, beside whatever else answers
 * there (Next.js and its own reload socket keep their upgrade requests).
 */
export function attachRealtime(options: RealtimeOptions) {
  const path = options.path ?? WS_PATH;
  const maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 256 * 1024 });

  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
    async createContext({ req, res, info }) {
      const socket = res as WebSocket;
      const params = sanitizeParams(info.connectionParams);
      // Taken before the database is asked: a revocation published after it closes this socket.
      const authenticatedAt = Date.now();
      const identity = await options.authenticate(req, params);
      if (!identity) throw new TRPCError({ code: "UNAUTHORIZED", message: texts.unauthorized });
      const { revocations } = options.services;
      // A password change or a disabled account (on any instance) closes the user's sockets; the
      // client must then sign in again rather than reconnect with the dead credential.
      const stopListening = revocations.onRevoked(identity.user.id, authenticatedAt, () =>
        socket.close(CLOSE_CODES.revoked, "credentials revoked"),
      );
      socket.once("close", stopListening);
      if (revocations.isRevoked(identity.user.id, authenticatedAt)) {
        throw new TRPCError({ code: "UNAUTHORIZED", message: texts.revoked });
      }
      if (identity.expiresAt) {
        const timer = setTimeout(
          () => socket.close(CLOSE_CODES.tokenExpired, "token expired"),
          Math.max(0, identity.expiresAt.getTime() - Date.now()),
        );
        socket.once("close", () => clearTimeout(timer));
      }
      return createInnerContext(options.services, identity.user, authenticatedAt);
    },
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== path) return;
    if (!originAllowed(request, options.allowedOrigins ?? [])) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  };
  options.server.on("upgrade", onUpgrade);

  // A reader that stops reading would otherwise make the server buffer for it without limit.
  const watchdog = setInterval(() => {
    for (const client of wss.clients) {
      if (client.bufferedAmount > maxBufferedBytes) client.close(CLOSE_CODES.tooSlow, "too slow");
    }
  }, 500);
  watchdog.unref();

  return {
    wss,
    /** Asks every client to reconnect (to another instance, or to this one once restarted). */
    broadcastReconnect: () => handler.broadcastReconnectNotification(),
    close: async () => {
      clearInterval(watchdog);
      options.server.off("upgrade", onUpgrade);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Browsers always send Origin: only the server's own, or one configured, may open a socket. */
function originAllowed(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** Only short string values survive; anything else a client sends is dropped. */
function sanitizeParams(params: unknown): Record<string, string> | null {
  if (!params || typeof params !== "object") return null;
  const entries = Object.entries(params).filter(
    (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].length <= 8192,
  );
  return Object.fromEntries(entries.slice(0, 10));
}
