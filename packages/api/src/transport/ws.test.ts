import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";

import { issueToken } from "../auth/token";
import { createRedisBus } from "../realtime/bus";
import type { ConversationEvent } from "../realtime/conversation-events";
import { useHarness } from "../../test/harness";
import { connectClient, startTestServer, useTestServer } from "../../test/server";
import { eventually, sleep } from "../../test/wait";
import { createServices } from "../server/services";

const h = useHarness();
const server = useTestServer(h);

/** Opens a raw socket, sends `frames`, and reports how the server answered. */
function rawSocket(frames: (string | Buffer)[], headers: Record<string, string> = {}) {
  return new Promise<{ opened: boolean; closeCode?: number; replies: string[]; status?: number }>(
    (resolve) => {
      const replies: string[] = [];
      let opened = false;
      // The query tells tRPC to wait for a connectionParams message, as its client does.
      const ws = new WebSocket(`${server.wsUrl}?connectionParams=1`, { headers });
      ws.on("open", () => {
        opened = true;
        for (const frame of frames) ws.send(frame);
      });
      ws.on("message", (data) => replies.push((data as Buffer).toString("utf8")));
      ws.on("unexpected-response", (_req, res) => resolve({ opened, replies, status: res.statusCode }));
      ws.on("close", (code) => resolve({ opened, closeCode: code, replies }));
      ws.on("error", () => undefined);
      setTimeout(() => {
        ws.terminate();
        resolve({ opened, replies });
      }, 3000);
    },
  );
}

const subscribe = (conversationId: string) =>
  JSON.stringify({ id: 1, method: "subscription", params: { path: "live.conversation", input: { json: { conversationId } } } });

async function serverStillServes() {
  const candidate = await h.actor("candidato");
  const conversation = await candidate.caller.conversation.create({});
  const client = await connectClient(server, h.services, candidate.user);
  const got: ConversationEvent[] = [];
  // From event 0: the message arrives however late the subscription starts on a loaded machine.
  const sub = client.client.live.conversation.subscribe({ conversationId: conversation.id, lastEventId: "0" }, { onData: ({ data }) => got.push(data) });
  await candidate.caller.message.send({ conversationId: conversation.id, content: "sigo aquí" });
  await eventually(() => expect(got.some((e) => e.type === "message.created")).toBe(true));
  sub.unsubscribe();
  await client.close();
}

describe("hostile WebSocket connections are refused and the server stays up", () => {
  it("no identity: no subscription", async () => {
    const { conversation } = { conversation: await (await h.actor("candidato")).caller.conversation.create({}) };
    const result = await rawSocket([JSON.stringify({ method: "connectionParams", data: { token: "garbage" } }), subscribe(conversation.id)]);
    expect(result.replies.join()).not.toContain("message.created");
    expect(result.replies.join()).toMatch(/UNAUTHORIZED|Token inválido/);
    await serverStillServes();
  });

  it("garbage, oversized and malformed connectionParams", async () => {
    for (const frames of [
      ["not json at all"],
      [JSON.stringify({ method: "connectionParams", data: "x".repeat(200_000) })],
      [JSON.stringify({ method: "connectionParams", data: { token: { nested: [1, 2, 3] } } })],
      [JSON.stringify({ method: "connectionParams", data: null }), "{]"],
    ]) {
      const result = await rawSocket(frames);
      expect(result.replies.join()).not.toContain('"result"');
    }
    await serverStillServes();
  });

  it("a 10 MB frame closes that socket with 1009", async () => {
    const result = await rawSocket([Buffer.alloc(10 * 1024 * 1024, 97)]);
    expect(result.closeCode).toBe(1009);
    await serverStillServes();
  });

  it("a foreign Origin is refused before the upgrade", async () => {
    const result = await rawSocket([], { Origin: "https://evil.example" });
    expect(result.opened).toBe(false);
    expect(result.status).toBe(403);
    await serverStillServes();
  });

  it("an expired token is refused, and a live one is closed when it expires", async () => {
    const user = await h.createUser("candidato");
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user.id)
      .setIssuer("atiende")
      .setAudience("atiende-api")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(h.services.config.auth.secret));
    const conversation = await h.callerFor(user).conversation.create({});
    const result = await rawSocket([JSON.stringify({ method: "connectionParams", data: { token: expired } }), subscribe(conversation.id)]);
    expect(result.replies.join()).toMatch(/UNAUTHORIZED|Token inválido/);

    const shortLived = createServices(h.handle.db, { ...h.services.config, auth: { ...h.services.config.auth, tokenTtlSeconds: 2 } });
    const { token } = await issueToken(user.id, shortLived.config);
    const closed = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.wsUrl}?connectionParams=1`);
      ws.on("open", () => {
        ws.send(JSON.stringify({ method: "connectionParams", data: { token } }));
        ws.send(subscribe(conversation.id));
      });
      ws.on("close", (code) => resolve(code));
      ws.on("error", () => undefined);
    });
    expect(closed).toBe(4001);
  });
});

describe("a server restart", () => {
  it("loses nothing: the client reconnects and resumes where it stopped", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const conversation = await candidate.caller.conversation.create({});
    const client = await connectClient(server, h.services, candidate.user);
    const got: string[] = [];
    const sub = client.client.live.conversation.subscribe(
      { conversationId: conversation.id },
      { onData: ({ data }) => data.type === "message.created" && got.push(data.message.content) },
    );
    await sleep(150);
    await agent.caller.message.send({ conversationId: conversation.id, content: "uno" });
    await eventually(() => expect(got).toEqual(["uno"]));

    server.realtime.broadcastReconnect();
    await server.close();
    await agent.caller.message.send({ conversationId: conversation.id, content: "dos" });
    await agent.caller.message.send({ conversationId: conversation.id, content: "tres" });
    await server.reopen();

    await eventually(() => expect(got).toEqual(["uno", "dos", "tres"]), 15_000);
    await agent.caller.message.send({ conversationId: conversation.id, content: "cuatro" });
    await eventually(() => expect(got).toEqual(["uno", "dos", "tres", "cuatro"]));
    sub.unsubscribe();
    await client.close();
  });
});

describe("two instances with one Redis", () => {
  it("a message sent through instance A reaches a subscriber on instance B", async () => {
    const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
    const busA = createRedisBus(redisUrl);
    const busB = createRedisBus(redisUrl);
    const a = await startTestServer(createServices(h.handle.db, h.services.config, busA));
    const b = await startTestServer(createServices(h.handle.db, h.services.config, busB));
    try {
      const candidate = await h.actor("candidato");
      const agent = await h.actor("soporte");
      const conversation = await candidate.caller.conversation.create({});
      const onB = await connectClient(b, h.services, candidate.user);
      const viaA = await connectClient(a, h.services, agent.user);
      const got: string[] = [];
      const sub = onB.client.live.conversation.subscribe(
        { conversationId: conversation.id },
        { onData: ({ data }) => data.type === "message.created" && got.push(data.message.content) },
      );
      await sleep(300);
      await viaA.client.message.send.mutate({ conversationId: conversation.id, content: "desde A" });
      await eventually(() => expect(got).toEqual(["desde A"]));
      sub.unsubscribe();
      await onB.close();
      await viaA.close();
    } finally {
      await a.close();
      await b.close();
      await busA.close();
      await busB.close();
    }
  });
});
