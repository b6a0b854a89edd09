import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import postgres from "postgres";
import type { WebSocket } from "ws";
import { WebSocketServer } from "ws";

import { runServerChild } from "./child";
import { readServerSettings } from "./env";
import type { BareMessage } from "./frames";

/**
 * The physical limit, the reference of limit.ts: what any chat server must do for a message and
 * nothing more. `node:http` takes one POST per message (as the browser and the typed client send
 * them), the `postgres` driver inserts the row, and `ws` pushes it to the conversation's sockets of
 * the other side. No authorization, no rule, no other row.
 */
runServerChild(async () => {
  const settings = readServerSettings();
  const db = postgres(settings.databaseUrl, { max: settings.pool, onnotice: () => undefined });
  await Promise.all(Array.from({ length: settings.pool }, () => db`select pg_sleep(0.05)`));

  /** Sockets by conversation, each with the user it belongs to. */
  const rooms = new Map<string, Map<WebSocket, string>>();
  const server = createServer((request, response) => {
    if (request.method !== "POST" || request.url !== "/send") return void response.writeHead(404).end();
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const message = JSON.parse(Buffer.concat(chunks).toString("utf8")) as BareMessage;
      db`
        insert into support_messages (conversation_id, sender_user_id, content, client_message_id)
        values (${message.conversationId}, ${message.senderId}, ${message.content}, ${message.clientMessageId})
        returning *`
        .then(([row]) => {
          const frame = JSON.stringify({ type: "message.created", message: row });
          for (const [socket, userId] of rooms.get(message.conversationId) ?? []) {
            if (userId !== message.senderId) socket.send(frame);
          }
          response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id: row?.id as string }));
        })
        .catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
  });
  const wss = new WebSocketServer({ server, maxPayload: 256 * 1024 });
  wss.on("connection", (socket, request) => {
    const params = new URL(request.url ?? "/", "http://127.0.0.1").searchParams;
    const conversationId = params.get("conversationId");
    const userId = params.get("userId");
    if (!conversationId || !userId) return socket.close(1008, "conversationId and userId wanted");
    const room = rooms.get(conversationId) ?? new Map<WebSocket, string>();
    rooms.set(conversationId, room);
    room.set(socket, userId);
    socket.on("close", () => {
      room.delete(socket);
      if (room.size === 0) rooms.delete(conversationId);
    });
    socket.send(JSON.stringify({ type: "joined" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.end({ timeout: 5 });
    },
  };
});
