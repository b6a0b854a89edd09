import { WebSocket } from "ws";

import type { ConnectUser } from "./endpoints";
import { closeSocket, withTimeout } from "./endpoints";
import { frameText } from "./frames";

type Frame =
  | { type: "joined" }
  | { type: "message.created"; message: { client_message_id: string | null } }
  | { type: "error"; clientMessageId?: string; message: string };

/** A user of the bare baseline: one `ws` socket that sends JSON and hears the peer's stored rows. */
export function baselineConnector(port: number): ConnectUser {
  return async (userId, conversationId, sink, timeoutMs) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/?conversationId=${encodeURIComponent(conversationId)}`);
    const close = () => closeSocket(socket);

    let joined: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (joined = resolve));
    socket.on("message", (data) => {
      const frame = JSON.parse(frameText(data)) as Frame;
      if (frame.type === "joined") joined();
      else if (frame.type === "message.created" && frame.message.client_message_id) {
        sink.arrived(frame.message.client_message_id);
      } else if (frame.type === "error") sink.failed(frame.clientMessageId ?? `socket of ${userId}`, frame.message);
    });
    socket.on("error", (error) => sink.failed(`socket of ${userId}`, error));
    await withTimeout(ready, timeoutMs, `joining ${userId}`, () => socket.terminate());

    return {
      send: (clientMessageId) => {
        const content = clientMessageId;
        socket.send(JSON.stringify({ conversationId, senderId: userId, content, clientMessageId }), (error) => {
          if (error) sink.failed(clientMessageId, error);
        });
      },
      inFlight: () => 0,
      close,
    };
  };
}
