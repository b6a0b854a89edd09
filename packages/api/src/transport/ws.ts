import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

import type { User } from "@atiende/db";
import { TRPCError } from "@trpc/server";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import type { WebSocket } from "ws";
import { WebSocketServer } from "ws";

import { CLOSE_CODES, CONNECTION_ID_PARAM, connectionIdOf } from "../contract";
import { texts } from "../domain/errors";
import { rethrowAsOutage } from "../domain/outage";
import { appRouter } from "../root";
import type { ApiServices } from "../trpc";
import { createInnerContext } from "../trpc";
import type { FeedSocket } from "./feed-socket";
import { feedSocketClass } from "./feed-socket";

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
  onInternalError?: (error: unknown, path: string | undefined) => void;
}

/** How often every socket is pinged; one that misses a round's pong is dropped at the next. */
const HEARTBEAT_MS = 30_000;
/** How long a closing socket may take to say goodbye before it is cut. */
const CLOSE_GRACE_MS = 1000;

/**
 * Serves tRPC subscriptions over WebSockets on the given HTTP server, beside whatever else answers
 * there (Next.js and its own reload socket keep their upgrade requests).
 */
export function attachRealtime(options: RealtimeOptions) {
  const path = options.path ?? WS_PATH;
  const maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const FeedSocket = feedSocketClass((error, path) => {
    if (error.code === "INTERNAL_SERVER_ERROR") options.onInternalError?.(error.cause ?? error, path);
  });
  const wss: WebSocketServer = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes ?? 256 * 1024,
    WebSocket: FeedSocket,
  });

  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    // Not tRPC's keepAlive: it keeps two timers and three closures per socket and re-arms a timer
    // on every incoming message. The heartbeat below does the same for all sockets with one timer.
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") options.onInternalError?.(error.cause ?? error, path);
    },
    createContext({ req, res, info }) {
      const socket = res as FeedSocket;
      // Kept on the socket for the feeds it serves itself (see feed-socket.ts).
      socket.context = connect(socket, req, info.connectionParams);
      return socket.context;
    },
  });

  async function connect(socket: FeedSocket, req: IncomingMessage, connectionParams: unknown) {
    const params = sanitizeParams(connectionParams);
    // Taken before the database is asked: a revocation published after it closes this socket.
    const authenticatedAt = Date.now();
    const identity = await options.authenticate(req, params).catch(rethrowAsOutage);
    if (!identity) throw new TRPCError({ code: "UNAUTHORIZED", message: texts.unauthorized });
    const { revocations } = options.services;
    // A password change or a disabled account (on any instance) closes the user's sockets; the
    // client must then sign in again rather than reconnect with the dead credential.
    const stopListening = revocations.onRevoked(identity.user.id, authenticatedAt, () =>
      socket.close(CLOSE_CODES.revoked, "credentials revoked"),
    );
    const expiry = identity.expiresAt
      ? setTimeout(
          () => socket.close(CLOSE_CODES.tokenExpired, "token expired"),
          Math.max(0, identity.expiresAt.getTime() - Date.now()),
        )
      : undefined;
    socket.whenClosed(() => {
      stopListening();
      clearTimeout(expiry);
    });
    if (revocations.isRevoked(identity.user.id, authenticatedAt)) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: texts.revoked });
    }
    // Read once, to authenticate: a browser's cookies are kilobytes, kept for nothing all day.
    req.headers = { host: req.headers.host };
    const connectionId = connectionIdOf(params?.[CONNECTION_ID_PARAM]);
    return createInnerContext(options.services, identity.user, { authenticatedAt, connectionId });
  }

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== path) return;
    if (!originAllowed(request, options.allowedOrigins ?? [])) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, leanRequest(request)));
  };
  options.server.on("upgrade", onUpgrade);

  // A reader that stops reading would otherwise make the server buffer for it without limit. Its
  // close frame waits behind everything buffered, so the socket is cut soon after, which frees
  // the buffer; the client reconnects and resumes from its last event id.
  const watchdog = setInterval(() => {
    for (const client of wss.clients) {
      if (client.bufferedAmount > maxBufferedBytes && client.readyState === client.OPEN) {
        closeThenCut(client, CLOSE_CODES.tooSlow, "too slow");
      }
    }
  }, 500);
  watchdog.unref();

  // A socket that has not answered the previous round's ping (a protocol-level frame every client
  // answers by itself) is dead; the others are pinged again. A socket leaves the set when it closes
  // or, at the latest, at the next round.
  let unanswered = new Set<WebSocket>();
  const heard = function heard(this: WebSocket) {
    unanswered.delete(this);
  };
  wss.on("connection", (socket: WebSocket) => socket.on("pong", heard));
  const heartbeat = setInterval(() => {
    const pinged = new Set<WebSocket>();
    for (const client of wss.clients) {
      if (unanswered.has(client)) {
        client.terminate();
        continue;
      }
      if (client.readyState !== client.OPEN) continue;
      pinged.add(client);
      client.ping();
    }
    unanswered = pinged;
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    wss,
    /** Asks every client to reconnect (to another instance, or to this one once restarted). */
    broadcastReconnect: () => handler.broadcastReconnectNotification(),
    /**
     * Refuses new sockets and closes the open ones with 1012 (service restart), after anything
     * already queued for them (such as the reconnect notification); stragglers are cut.
     */
    close: async () => {
      clearInterval(watchdog);
      clearInterval(heartbeat);
      options.server.off("upgrade", onUpgrade);
      const closed = [...wss.clients].map((client) => {
        const done = new Promise<void>((resolve) => client.once("close", () => resolve()));
        closeThenCut(client, CLOSE_CODES.serviceRestart, "server restarting");
        return done;
      });
      await Promise.all(closed);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * What the socket's handlers get as its request: tRPC keeps it for the socket's whole life, and the
 * request itself (a stream, with every header also kept raw) is several times the size of the
 * parts anything reads: url, method, the parsed headers and the network socket.
 */
function leanRequest(request: IncomingMessage): IncomingMessage {
  const { url, method, headers, socket } = request;
  return { url, method, headers, socket } as IncomingMessage;
}

function closeThenCut(client: WebSocket, code: number, reason: string) {
  client.close(code, reason);
  setTimeout(() => client.terminate(), CLOSE_GRACE_MS).unref();
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
