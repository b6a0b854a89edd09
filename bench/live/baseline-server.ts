import type { AddressInfo } from "node:net";

import postgres from "postgres";
import type { RawData, WebSocket } from "ws";
import { WebSocketServer } from "ws";

import { runServerChild } from "./child";
import { readServerSettings } from "./env";
import type { BareMessage } from "./frames";
import { frameText } from "./frames";

/**
 * The bare baseline: the `postgres` driver and the `ws` package, nothing else. A socket joins one
 * conversation (named in its URL); a message is stored in one transaction, writing the same rows
 * as Atiende, and the stored row is sent to the conversation's other socket(s).
 */
runServerChild(async () => {
  const settings = readServerSettings();
  const db = postgres(settings.databaseUrl, { max: settings.pool, onnotice: () => undefined });
  await Promise.all(Array.from({ length: settings.pool }, () => db`select pg_sleep(0.05)`));

  const rooms = new Map<string, Set<WebSocket>>();
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 256 * 1024 });

  // The same rows Atiende writes for a message, in one transaction, statement by statement: the
  // sender's rate-limit counter (rate-limiter-flexible's upsert), the message, the conversation's
  // next event number with its activity times and search words, the numbered audit row, and the
  // sender's participation. What it does not do is decide anything: no authorization, no duplicate
  // answer, no refusal past the limit.
  const store = (message: BareMessage) =>
    db.begin(async (tx) => {
      const now = new Date();
      await tx`
        insert into rate_limits (key, points, expire) values (${`msg:${message.senderId}`}, 1, ${new Date(now.getTime() + 60_000)})
        on conflict (key) do update
          set points = case when rate_limits.expire <= ${now} then 1 else rate_limits.points + 1 end,
              expire = case when rate_limits.expire <= ${now} then ${new Date(now.getTime() + 60_000)} else rate_limits.expire end
        returning points`;
      const [row] = await tx`
        insert into support_messages (conversation_id, sender_user_id, content, client_message_id)
        values (${message.conversationId}, ${message.senderId}, ${message.content}, ${message.clientMessageId})
        returning *`;
      if (!row) throw new Error("insert returned no row");
      const [conversation] = await tx`
        update support_conversations
        set last_seq = last_seq + 1, last_message_at = ${row.created_at as Date}, updated_at = ${row.created_at as Date},
            search_vector = search_vector || strip(to_tsvector('simple', ${message.content} || ' '))
        where id = ${message.conversationId}
        returning last_seq, candidate_user_id`;
      if (!conversation) throw new Error("update found no conversation");
      await tx`
        insert into audit_log (actor_user_id, action, conversation_id, message_id, seq)
        values (${message.senderId}, 'message.created', ${message.conversationId}, ${row.id as string}, ${conversation.last_seq as number})`;
      if (conversation.candidate_user_id !== message.senderId) {
        await tx`
          insert into support_conversation_participants (conversation_id, user_id, participant_role)
          values (${message.conversationId}, ${message.senderId}, 'soporte')
          on conflict do nothing`;
      }
      return row;
    });

  const onMessage = async (socket: WebSocket, room: Set<WebSocket>, data: RawData) => {
    let clientMessageId: unknown;
    try {
      const message = JSON.parse(frameText(data)) as BareMessage;
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
