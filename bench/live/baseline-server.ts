import type { AddressInfo } from "node:net";

import postgres from "postgres";
import type { RawData, WebSocket } from "ws";
import { WebSocketServer } from "ws";

import { runServerChild } from "./child";
import { readServerSettings } from "./env";
import { frameText } from "./frames";

interface Incoming {
  conversationId: string;
  senderId: string;
  content: string;
  clientMessageId: string;
}

/**
 * The bare baseline: the `postgres` driver and the `ws` package, nothing else. A socket joins one
 * conversation (named in its URL); a message is stored in one transaction and the stored row is
 * sent to the conversation's other socket(s).
 */
runServerChild(async () => {
  const settings = readServerSettings();
  const db = postgres(settings.databaseUrl, { max: settings.pool, onnotice: () => undefined });
  await Promise.all(Array.from({ length: settings.pool }, () => db`select pg_sleep(0.05)`));

  const rooms = new Map<string, Set<WebSocket>>();
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 256 * 1024 });

  const store = (message: Incoming) =>
    db.begin(async (tx) => {
      const [row] = await tx`
        insert into support_messages (conversation_id, sender_user_id, content, client_message_id)
        values (${message.conversationId}, ${message.senderId}, ${message.content}, ${message.clientMessageId})
        returning *`;
      if (!row) throw new Error("insert returned no row");
      await tx`update support_conversations set last_message_at = ${row.created_at as Date}
               where id = ${message.conversationId}`;
      return row;
    });

  const onMessage = async (socket: WebSocket, room: Set<WebSocket>, data: RawData) => {
    let clientMessageId: unknown;
    try {
      const message = JSON.parse(frameText(data)) as Incoming;
      clientMessageId = message.clientMessageId;
      const row = await store(message);
      const frame = JSON.stringify({ type: "message.created", message: row });
      for (const peer of room) if (peer !== socket) peer.send(frame);
    } catch (error) {
      socket.send(JSON.stringify({ type: "error", clientMessageId, message: String(error) }));
    }
  };

  wss.on("connection", (socket, request) => {
    const conversationId = new URL(request.url ?? "/", "http://127.0.0.1").searchParams.get("conversationId");
    if (!conversationId) return socket.close(1008, "conversationId missing");
    const room = rooms.get(conversationId) ?? new Set<WebSocket>();
    rooms.set(conversationId, room);
    room.add(socket);
    socket.on("message", (data) => void onMessage(socket, room, data));
    socket.on("close", () => {
      room.delete(socket);
      if (room.size === 0) rooms.delete(conversationId);
    });
    socket.send(JSON.stringify({ type: "joined" }));
  });
  await new Promise<void>((resolve) => wss.once("listening", resolve));

  return {
    port: (wss.address() as AddressInfo).port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await db.end({ timeout: 5 });
    },
  };
});
