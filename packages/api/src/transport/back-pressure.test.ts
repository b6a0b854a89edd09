/**
 * A client that stops reading (its socket really paused, so TCP pushes back) must not make the
 * server buffer for it without bound: it is disconnected, and it resumes later from its last
 * event id. Messages of 100 kB make a history far larger than the kernel's socket buffers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { request } from "node:http";

import superjson from "superjson";
import { beforeAll, expect, it } from "vitest";
import type { WebSocket as ServerSocket } from "ws";
import { WebSocket } from "ws";

import { issueToken } from "../auth/token";
import { useHarness } from "../../test/harness";
import { connectClient, useTestServer } from "../../test/server";
import { eventually } from "../../test/wait";

const h = useHarness({
  SUPPORT_CHAT_MAX_MESSAGE_LENGTH: "100000",
  SUPPORT_CHAT_STAFF_RATE_LIMIT_PER_MINUTE: "100000",
});
const MAX_BUFFERED = 256 * 1024;
const server = useTestServer(h, { maxBufferedBytes: MAX_BUFFERED, stalledStreamMs: 1000 });
let conversationId = "";
let token = "";
let candidate: Awaited<ReturnType<typeof h.actor>>;
const contents = Array.from(
  { length: 60 },
  (_, i) => `${String(i).padStart(3, "0")} ${"a".repeat(100_000 - 4)}`,
);

beforeAll(async () => {
  candidate = await h.actor("candidato");
  const agent = await h.actor("soporte");
  conversationId = (await candidate.caller.conversation.create({})).id;
  for (const content of contents) await agent.caller.message.send({ conversationId, content });
  ({ token } = await issueToken(candidate.user.id, h.services.config));
});

/** A fresh subscriber gets the whole history, once, in order: nothing was lost to the drop. */
async function resumes() {
  const client = await connectClient(server, h.services, candidate.user);
  const received: string[] = [];
  const subscription = client.client.live.conversation.subscribe(
    { conversationId, lastEventId: "0" },
    {
      onData: ({ data }) => data.type === "message.created" && received.push(data.message.content),
    },
  );
  await eventually(() => expect(received).toEqual(contents), 30_000);
  subscription.unsubscribe();
  await client.close();
}

it("WebSocket: a client that stops reading is dropped once its backlog passes the limit", async () => {
  const accepted = new Promise<ServerSocket>((resolve) =>
    server.realtime.wss.once("connection", resolve),
  );
  const ws = new WebSocket(`${server.wsUrl}?connectionParams=1`);
  await new Promise((resolve) => ws.once("open", resolve));
  ws.on("error", () => undefined);
  const onServer = await accepted;
  const closedOnServer = new Promise<void>((resolve) => onServer.once("close", () => resolve()));
  ws.send(JSON.stringify({ method: "connectionParams", data: { token } }));
  // Four replays of a 6 MB history: far more than the socket buffers hold.
  for (const id of [1, 2, 3, 4]) {
    ws.send(
      JSON.stringify({
        id,
        method: "subscription",
        params: {
          path: "live.conversation",
          input: { json: { conversationId, lastEventId: "0" } },
        },
      }),
    );
  }
  ws.pause();

  await closedOnServer;
  expect(server.realtime.wss.clients.has(onServer)).toBe(false);
  const closedOnClient = new Promise((resolve) => ws.once("close", resolve));
  ws.resume();
  await closedOnClient;
  await resumes();
});

it("Server-Sent Events: a stream whose client stops reading is bounded, then closed", async () => {
  let response: ServerResponse | undefined;
  server.server.once("request", (_request, res: ServerResponse) => (response = res));
  const input = encodeURIComponent(
    JSON.stringify(superjson.serialize({ conversationId, lastEventId: "0" })),
  );
  const client = request(`${server.origin}/api/trpc/live.conversation?input=${input}`, {
    headers: { accept: "text/event-stream", authorization: `Bearer ${token}` },
  });
  client.on("error", () => undefined);
  client.end();
  const incoming = await new Promise<IncomingMessage>((resolve) =>
    client.once("response", resolve),
  );
  incoming.on("error", () => undefined);
  incoming.pause();

  await eventually(() => expect(response).toBeDefined());
  const stream = response as ServerResponse;
  let largestBacklog = 0;
  const sample = setInterval(
    () => (largestBacklog = Math.max(largestBacklog, stream.writableLength)),
    20,
  );
  await new Promise((resolve) =>
    stream.destroyed ? resolve(undefined) : stream.once("close", resolve),
  );
  clearInterval(sample);
  // tRPC waits for `drain` before writing more: the server holds about one event, not the history.
  expect(largestBacklog).toBeLessThan(1024 * 1024);
  incoming.destroy();
  await resumes();
});
