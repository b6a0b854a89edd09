import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import postgres from "postgres";
import type { WebSocket } from "ws";
import { WebSocketServer } from "ws";

import { runServerChild } from "./child";
import { readServerSettings } from "./env";
import type { BareMessage } from "./frames";

/**
 * The two references of run.ts, served as Atiende is loaded: `node:http` takes one POST per
 * message (as the browser and the typed client send them), the `postgres` driver stores it, and
 * `ws` pushes it to the conversation's sockets of the other side. No authorization, no rule.
 *  - The physical limit: what any chat server must do for a message and nothing more, one INSERT
 *    (into the same table, so it pays the table's own indexes and the message's search words too).
 *  - With BENCH_SAME_ROWS ("same rows"): the rows Atiende writes for a message, in one transaction,
 *    statement by statement: the sender's rate-limit counter (rate-limiter-flexible's upsert), the
 *    message (its search words a generated column), the conversation's next event number and activity times, the
 *    numbered audit row, and the sender's participation. It still decides nothing: no
 *    authorization, no duplicate answer, no refusal past the limit.
 */
runServerChild(async () => {
  const settings = readServerSettings();
  const db = postgres(settings.databaseUrl, { max: settings.pool, onnotice: () => undefined });
  await Promise.all(Array.from({ length: settings.pool }, () => db`select pg_sleep(0.05)`));

  const insertOnly = async (message: BareMessage) => {
    const [row] = await db`
      insert into support_messages (conversation_id, sender_user_id, content, client_message_id)
      values (${message.conversationId}, ${message.senderId}, ${message.content}, ${message.clientMessageId})
      returning *`;
    return row;
  };
  const sameRows = (message: BareMessage) =>
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
        set last_seq = last_seq + 1, last_message_at = ${row.created_at as Date}, updated_at = ${row.created_at as Date}
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
  const store = settings.sameRows ? sameRows : insertOnly;

  /** Sockets by conversation, each with the user it belongs to. */
  const rooms = new Map<string, Map<WebSocket, string>>();
  const server = createServer((request, response) => {
    if (request.method !== "POST" || request.url !== "/send") return void response.writeHead(404).end();
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const message = JSON.parse(Buffer.concat(chunks).toString("utf8")) as BareMessage;
      store(message)
        .then((row) => {
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
