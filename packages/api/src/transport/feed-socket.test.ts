import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";

import { issueToken } from "../auth/token";
import type { EventBus } from "../realtime/bus";
import { channels, createMemoryBus } from "../realtime/bus";
import { useHarness } from "../../test/harness";
import type { TestServer } from "../../test/server";
import { startTestServer } from "../../test/server";
import { eventually } from "../../test/wait";
import { createCaller } from "../root";
import type { ApiServices } from "../trpc";
import { createInnerContext } from "../trpc";
import { createServices } from "../server/services";

const h = useHarness();

/** The memory bus, counting who listens to each channel right now. */
function countingBus(): EventBus & { listening: (channel: string) => number } {
  const bus = createMemoryBus();
  const counts = new Map<string, number>();
  const add = (channel: string, n: number) => counts.set(channel, (counts.get(channel) ?? 0) + n);
  return {
    ...bus,
    subscribe(channel, listener) {
      add(channel, 1);
      const unsubscribe = bus.subscribe(channel, listener);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        add(channel, -1);
        unsubscribe();
      };
    },
    listening: (channel) => counts.get(channel) ?? 0,
  };
}

let bus: ReturnType<typeof countingBus>;
let services: ApiServices;
let server: TestServer;
beforeAll(async () => {
  bus = countingBus();
  services = createServices(h.handle.db, h.services.config, bus);
  server = await startTestServer(services);
});
afterAll(async () => {
  await server?.close();
});

interface Frame {
  id: number | string | null;
  result?: { type: string; id?: string; data?: unknown };
  error?: { message: string; data: { code: string; zodError: unknown } };
}

/** A socket speaking tRPC's WebSocket protocol by hand, to see exactly what the server writes. */
async function openSocket(userId: string, connectionId?: string) {
  const { token } = await issueToken(userId, services.config);
  const ws = new WebSocket(`${server.wsUrl}?connectionParams=1`);
  const frames: Frame[] = [];
  ws.on("message", (data) => {
    const text = (data as Buffer).toString("utf8");
    if (text === "PONG") return;
    const frame = JSON.parse(text) as Frame;
    // Errors go through the transformer, as tRPC writes them.
    if (frame.error) frame.error = superjson.deserialize(frame.error as never);
    frames.push(frame);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  ws.send(JSON.stringify({ method: "connectionParams", data: { token, ...(connectionId ? { connectionId } : {}) } }));
  const send = (message: object) => ws.send(JSON.stringify(message));
  return {
    frames,
    send,
    of: (id: number) => frames.filter((frame) => frame.id === id),
    subscribe: (id: number, input: object, lastEventId?: string) =>
      send({
        id,
        method: "subscription",
        params: { path: "live.conversation", input: superjson.serialize(input), lastEventId },
      }),
    stop: (id: number) => send({ id, method: "subscription.stop" }),
    close: () =>
      new Promise<void>((resolve) => {
        ws.once("close", () => resolve());
        ws.close();
      }),
  };
}

/** The events of a socket's data frames for one subscription, decoded as tRPC's client decodes them. */
const dataOf = (frames: Frame[]) =>
  frames
    .filter((frame) => frame.result?.type === "data")
    .map((frame) => {
      const envelope = superjson.deserialize<{ id: string; data: unknown }>(frame.result?.data as never);
      expect(envelope.id).toBe(frame.result?.id);
      return envelope;
    });

/** A user and a caller on this file's services, whose bus the server's feeds listen to. */
async function actor(role: string) {
  const user = await h.createUser(role);
  return { user, caller: createCaller(createInnerContext(services, user)) };
}

async function conversationWithHistory() {
  const candidate = await actor("candidato");
  const agent = await actor("soporte");
  const conversation = await candidate.caller.conversation.create({ subject: "Mi postulación" });
  await candidate.caller.message.send({ conversationId: conversation.id, content: "Hola" });
  await agent.caller.conversation.assign({ id: conversation.id, supportUserId: agent.user.id });
  await agent.caller.message.send({ conversationId: conversation.id, content: "Nota", internal: true });
  await agent.caller.message.send({ conversationId: conversation.id, content: "¿En qué te ayudo?" });
  return { candidate, agent, conversation };
}

describe("live.conversation over WebSocket, served by the socket itself", () => {
  it("writes exactly what tRPC's own serving of the procedure yields, then stops on request", async () => {
    const { candidate, conversation } = await conversationWithHistory();
    // The same procedure iterated in process: tRPC's generic path, the reference.
    const reference: { id: string; data: unknown }[] = [];
    const iterable = await candidate.caller.live.conversation({ conversationId: conversation.id, lastEventId: "0" });
    const socket = await openSocket(candidate.user.id);
    socket.subscribe(7, { conversationId: conversation.id }, "0");
    for await (const envelope of iterable) {
      // tracked(id, event), as the procedure yields it.
      const [id, data] = envelope as unknown as [string, unknown];
      reference.push({ id, data });
      if (reference.length === 4) break;
    }
    await eventually(() => expect(dataOf(socket.of(7))).toHaveLength(4));
    expect(socket.of(7)[0]?.result).toEqual({ type: "started" });
    // Dates stay Dates, the note stays out, the ids are the event numbers.
    expect(dataOf(socket.of(7))).toEqual(reference);

    // Live events after the catch-up take the same way.
    await candidate.caller.message.send({ conversationId: conversation.id, content: "Gracias" });
    await eventually(() => expect(dataOf(socket.of(7))).toHaveLength(5));
    const last = dataOf(socket.of(7)).at(-1)?.data as { type: string; message: { content: string; createdAt: Date } };
    expect(last.type).toBe("message.created");
    expect(last.message.content).toBe("Gracias");
    expect(last.message.createdAt).toBeInstanceOf(Date);

    socket.stop(7);
    await eventually(() => expect(socket.of(7).at(-1)?.result).toEqual({ type: "stopped" }));
    await eventually(() => expect(bus.listening(channels.conversation(conversation.id))).toBe(0));
    await candidate.caller.message.send({ conversationId: conversation.id, content: "¿Sigues ahí?" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(dataOf(socket.of(7))).toHaveLength(5);
    await socket.close();
  });

  it("answers a refused or invalid subscription on its own id and goes on serving the socket", async () => {
    const { candidate, conversation } = await conversationWithHistory();
    const stranger = await actor("candidato");
    const socket = await openSocket(stranger.user.id);
    socket.subscribe(1, { conversationId: conversation.id });
    socket.subscribe(2, { conversationId: "no-es-un-uuid" });
    socket.subscribe(3, { conversationId: crypto.randomUUID() });
    await eventually(() => expect(socket.frames).toHaveLength(3));
    expect(socket.of(1)[0]?.error?.data.code).toBe("FORBIDDEN");
    expect(socket.of(2)[0]?.error?.data.code).toBe("BAD_REQUEST");
    expect(socket.of(2)[0]?.error?.data.zodError).toBeTruthy();
    expect(socket.of(3)[0]?.error?.data.code).toBe("NOT_FOUND");
    for (const frame of socket.frames) expect(JSON.stringify(frame)).not.toMatch(/\bat .+\.ts:\d+/);

    const own = await stranger.caller.conversation.create({});
    socket.subscribe(4, { conversationId: own.id });
    await eventually(() => expect(socket.of(4)[0]?.result).toEqual({ type: "started" }));
    // An id already in use is refused; the first subscription keeps its events.
    socket.subscribe(4, { conversationId: own.id });
    await eventually(() => expect(socket.of(4).some((frame) => frame.error?.data.code === "BAD_REQUEST")).toBe(true));
    await stranger.caller.message.send({ conversationId: own.id, content: "Hola" });
    await eventually(() => expect(dataOf(socket.of(4))).toHaveLength(1));
    expect(JSON.stringify(socket.frames)).not.toContain(candidate.user.email);
    await socket.close();
  });

  it("does not echo a message to the named socket of the tab that sent it, and moves that feed past it", async () => {
    const candidate = await actor("candidato");
    const agent = await actor("soporte");
    const conversation = await candidate.caller.conversation.create({ subject: "Mi postulación" });
    await agent.caller.conversation.assign({ id: conversation.id, supportUserId: agent.user.id });
    const sending = await openSocket(candidate.user.id, "tab-aaaaaaaa");
    const otherTab = await openSocket(candidate.user.id, "tab-bbbbbbbb");
    // The same name on another user's socket mutes nothing: a name only speaks for its own user.
    const agentSocket = await openSocket(agent.user.id, "tab-aaaaaaaa");
    const unnamed = await openSocket(candidate.user.id);
    for (const socket of [sending, otherTab, agentSocket, unnamed]) socket.subscribe(1, { conversationId: conversation.id });
    await eventually(() => {
      for (const socket of [sending, otherTab, agentSocket, unnamed]) expect(socket.of(1)[0]?.result?.type).toBe("started");
    });

    // As the browser sends: its own HTTP request, naming the tab in a header.
    const { token } = await issueToken(candidate.user.id, services.config);
    const post = (connectionId: string, content: string) =>
      fetch(`${server.origin}/api/trpc/message.send`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-atiende-connection-id": connectionId },
        body: JSON.stringify({ json: { conversationId: conversation.id, content, clientMessageId: crypto.randomUUID() } }),
      });
    const answer = await post("tab-aaaaaaaa", "Hola desde esta pestaña");
    expect(answer.status).toBe(200);
    // As the typed client sends: over the socket itself, which named itself when it connected.
    sending.send({
      id: 9,
      method: "mutation",
      params: { path: "message.send", input: superjson.serialize({ conversationId: conversation.id, content: "Por el socket" }) },
    });
    await eventually(() => expect(sending.of(9)[0]?.result?.type).toBe("data"));
    await agent.caller.message.send({ conversationId: conversation.id, content: "Te leo" });

    const contents = (frames: Frame[]) =>
      dataOf(frames).map(({ data }) => (data as { message?: { content: string } }).message?.content);
    for (const socket of [otherTab, agentSocket, unnamed]) {
      await eventually(() => expect(contents(socket.of(1))).toEqual(["Hola desde esta pestaña", "Por el socket", "Te leo"]));
    }
    await eventually(() => expect(contents(sending.of(1))).toEqual(["Te leo"]));
    // Its feed moved past its own two events without reading the database: the same event numbers.
    expect(dataOf(sending.of(1)).at(-1)?.id).toBe(dataOf(otherTab.of(1)).at(-1)?.id);

    // A header that is not a connection id is ignored: the message is echoed as before.
    expect((await post("no", "Sin nombre")).status).toBe(200);
    await eventually(() => expect(contents(sending.of(1))).toEqual(["Te leo", "Sin nombre"]));
    for (const socket of [sending, otherTab, agentSocket, unnamed]) await socket.close();
  });

  it("ends every feed of a socket that closes, so nothing keeps listening for it", async () => {
    const candidate = await actor("candidato");
    const conversations = await Promise.all([1, 2, 3].map(() => candidate.caller.conversation.create({})));
    const socket = await openSocket(candidate.user.id);
    conversations.forEach((conversation, i) => socket.subscribe(i + 1, { conversationId: conversation.id }));
    await eventually(() => expect(socket.frames.filter((f) => f.result?.type === "started")).toHaveLength(3));
    for (const conversation of conversations) {
      expect(bus.listening(channels.conversation(conversation.id))).toBe(1);
    }
    await socket.close();
    for (const conversation of conversations) {
      await eventually(() => expect(bus.listening(channels.conversation(conversation.id))).toBe(0));
    }
  });
});
