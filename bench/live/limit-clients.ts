import { randomUUID } from "node:crypto";

import type { ApiConfig } from "@atiende/api";
import { issueToken } from "@atiende/api";
import { CONNECTION_ID_HEADER } from "@atiende/api/contract";
import { WebSocket } from "ws";

import type { ConnectUser, Endpoint } from "./endpoints";
import { closeSocket, withTimeout } from "./endpoints";
import { frameText } from "./frames";
import type { httpPoster } from "./http-send";
import { subscribedOursClient } from "./ours-client";
import type { ArrivalSink } from "./tracker";

type Poster = ReturnType<typeof httpPoster>;

/** Sends by HTTP, one request each, counting those not yet answered; a non-2xx is a failed send. */
function httpEndpoint(sink: ArrivalSink, post: (clientMessageId: string) => Promise<number>, close: () => Promise<void>): Endpoint {
  let inFlight = 0;
  return {
    send: (clientMessageId) => {
      inFlight += 1;
      post(clientMessageId)
        .then((status) => {
          if (status < 200 || status > 299) sink.failed(clientMessageId, `HTTP ${status}`);
        })
        .catch((error: unknown) => sink.failed(clientMessageId, error))
        .finally(() => (inFlight -= 1));
    },
    inFlight: () => inFlight,
    close,
  };
}

/** A user of the bare limit (bare-server.ts): a socket that hears the other side, and POST /send. */
export function bareLimitConnector(port: number, poster: Poster): ConnectUser {
  return async (userId, conversationId, sink, timeoutMs) => {
    const query = new URLSearchParams({ conversationId, userId });
    const socket = new WebSocket(`ws://127.0.0.1:${port}/?${query}`);
    const close = () => closeSocket(socket);
    let joined: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (joined = resolve));
    socket.on("message", (data) => {
      const frame = JSON.parse(frameText(data)) as { type: string; message?: { client_message_id: string | null } };
      if (frame.type === "joined") joined();
      else if (frame.message?.client_message_id) sink.arrived(frame.message.client_message_id);
    });
    socket.on("error", (error) => sink.failed(`socket of ${userId}`, error));
    await withTimeout(ready, timeoutMs, `joining ${userId}`, () => socket.terminate());
    const body = (clientMessageId: string) =>
      JSON.stringify({ conversationId, senderId: userId, content: clientMessageId, clientMessageId });
    return httpEndpoint(sink, (id) => poster.post("/send", body(id)), close);
  };
}

/**
 * A user of Atiende as the browser is one: subscribed to its conversation over the WebSocket,
 * sending each message as its own HTTP request to /api/trpc/message.send, and naming its socket in
 * both as a tab does, so its own messages are not echoed back to it (the limit's socket hears only
 * the other side too).
 */
export function oursHttpConnector(port: number, config: ApiConfig, poster: Poster): ConnectUser {
  return async (userId, conversationId, sink, timeoutMs) => {
    const { token } = await issueToken(userId, config);
    const connectionId = randomUUID();
    const { close } = await subscribedOursClient(port, token, userId, conversationId, sink, timeoutMs, connectionId);
    const headers = { authorization: `Bearer ${token}`, [CONNECTION_ID_HEADER]: connectionId };
    const body = (clientMessageId: string) =>
      JSON.stringify({ json: { conversationId, content: clientMessageId, clientMessageId } });
    return httpEndpoint(sink, (id) => poster.post("/api/trpc/message.send", body(id), headers), close);
  };
}
