import postgres from "postgres";
import { describe, expect, it } from "vitest";

import type { ConversationEvent } from "../realtime/conversation-events";
import type { InboxEvent } from "../realtime/inbox-events";
import { useHarness } from "../../test/harness";
import { connectClient, useTestServer } from "../../test/server";
import { eventually, sleep } from "../../test/wait";

const h = useHarness({ SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "1000" });
const server = useTestServer(h);

type Client = Awaited<ReturnType<typeof connectClient>>;

/** Subscribes to a conversation and records what arrives. */
function watchConversation(client: Client, conversationId: string, lastEventId?: string) {
  const received: { id: string; event: ConversationEvent }[] = [];
  const errors: unknown[] = [];
  let onStarted = () => {};
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  const subscription = client.client.live.conversation.subscribe(
    { conversationId, lastEventId },
    {
      onStarted,
      onData: ({ id, data }) => received.push({ id, event: data }),
      onError: (error) => errors.push(error),
    },
  );
  const messages = () =>
    received.flatMap(({ event }) => (event.type === "message.created" ? [event.message.content] : []));
  // Started: the server has its starting point, so whatever commits after it is delivered.
  return { received, errors, messages, started, stop: () => subscription.unsubscribe() };
}

async function pair() {
  const candidate = await h.actor("candidato");
  const agent = await h.actor("soporte");
  const conversation = await candidate.caller.conversation.create({ subject: "En vivo" });
  return { candidate, agent, conversation };
}

describe("live.conversation over a real WebSocket", () => {
  it("delivers each side's messages, read receipts and status changes to the other", async () => {
    const { candidate, agent, conversation } = await pair();
    const candidateClient = await connectClient(server, h.services, candidate.user);
    const agentClient = await connectClient(server, h.services, agent.user);
    const candidateView = watchConversation(candidateClient, conversation.id);
    const agentView = watchConversation(agentClient, conversation.id);
    await Promise.all([candidateView.started, agentView.started]);

    await candidateClient.client.message.send.mutate({ conversationId: conversation.id, content: "Hola" });
    await eventually(() => expect(agentView.messages()).toEqual(["Hola"]));
    const reply = await agentClient.client.message.send.mutate({
      conversationId: conversation.id,
      content: "¿En qué te ayudo?",
      clientMessageId: "agent-1",
    });
    await eventually(() => expect(candidateView.messages()).toEqual(["Hola", "¿En qué te ayudo?"]));
    const delivered = candidateView.received.find((r) => r.event.type === "message.created" && r.event.message.id === reply.id);
    expect(delivered?.event).toMatchObject({ message: { clientMessageId: "agent-1", sender: { id: agent.user.id } } });

    await candidateClient.client.conversation.markRead.mutate({ id: conversation.id });
    await eventually(() =>
      expect(agentView.received.map((r) => r.event)).toContainEqual({
        type: "read.updated",
        userId: candidate.user.id,
        lastReadMessageId: reply.id,
      }),
    );
    await agentClient.client.conversation.setStatus.mutate({ id: conversation.id, status: "resolved" });
    await eventually(() =>
      expect(candidateView.received.at(-1)?.event).toMatchObject({
        type: "conversation.updated",
        changes: { status: { from: "open", to: "resolved" } },
      }),
    );
    // Ids are the conversation's event numbers: strictly increasing, none repeated.
    const ids = candidateView.received.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);

    candidateView.stop();
    agentView.stop();
    await candidateClient.close();
    await agentClient.close();
  });

  it("refuses a candidate who subscribes to someone else's conversation", async () => {
    const { conversation } = await pair();
    const intruder = await h.actor("candidato");
    const client = await connectClient(server, h.services, intruder.user);
    const view = watchConversation(client, conversation.id);
    await eventually(() => expect(view.errors).toHaveLength(1));
    expect(view.errors[0]).toMatchObject({ data: { code: "FORBIDDEN" } });
    expect(view.received).toEqual([]);
    await client.close();
  });

  it("gives a client that was away exactly the 20 messages it missed, in order", async () => {
    const { candidate, agent, conversation } = await pair();
    const client = await connectClient(server, h.services, candidate.user);
    const first = watchConversation(client, conversation.id);
    await sleep(200);
    await agent.caller.message.send({ conversationId: conversation.id, content: "antes" });
    await eventually(() => expect(first.messages()).toEqual(["antes"]));
    const lastEventId = first.received.at(-1)?.id;
    first.stop();

    const missed = Array.from({ length: 20 }, (_, i) => `perdido ${i + 1}`);
    for (const content of missed) await agent.caller.message.send({ conversationId: conversation.id, content });

    const resumed = watchConversation(client, conversation.id, lastEventId);
    await eventually(() => expect(resumed.messages()).toEqual(missed));
    await sleep(200);
    expect(resumed.messages()).toEqual(missed);
    resumed.stop();
    await client.close();
  });

  it("keeps order and loses nothing with many concurrent senders and a reader that reconnects", async () => {
    const { candidate, conversation } = await pair();
    const agents = await Promise.all([1, 2, 3, 4].map(() => h.actor("soporte")));
    const client = await connectClient(server, h.services, candidate.user);
    let view = watchConversation(client, conversation.id, "0");
    await sleep(200);

    const sending = Promise.all(
      agents.map((agent, a) =>
        (async () => {
          for (let i = 0; i < 15; i++) {
            await agent.caller.message.send({ conversationId: conversation.id, content: `${a}-${i}` });
          }
        })(),
      ),
    );
    const seen: { id: string; event: ConversationEvent }[] = [];
    for (let round = 0; round < 3; round++) {
      await sleep(40);
      seen.push(...view.received);
      view.stop();
      view = watchConversation(client, conversation.id, seen.at(-1)?.id ?? "0");
    }
    await sending;
    await eventually(() => {
      const all = [...seen, ...view.received].filter((r) => r.event.type === "message.created");
      expect(all).toHaveLength(60);
    });
    const all = [...seen, ...view.received].filter((r) => r.event.type === "message.created");
    const ids = all.map((r) => Number(r.id));
    expect(new Set(ids).size).toBe(60);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Each agent's own messages arrive in the order that agent sent them.
    for (const a of [0, 1, 2, 3]) {
      const mine = all.flatMap((r) => (r.event.type === "message.created" && r.event.message.content.startsWith(`${a}-`) ? [r.event.message.content] : []));
      expect(mine).toEqual(Array.from({ length: 15 }, (_, i) => `${a}-${i}`));
    }
    view.stop();
    await client.close();
  });

  it("shows typing live and never replays it", async () => {
    const { candidate, agent, conversation } = await pair();
    const client = await connectClient(server, h.services, candidate.user);
    const view = watchConversation(client, conversation.id);
    await sleep(200);
    await agent.caller.live.typing({ conversationId: conversation.id, isTyping: true });
    await eventually(() =>
      expect(view.received.map((r) => r.event)).toContainEqual({
        type: "typing",
        userId: agent.user.id,
        name: agent.user.name,
        isTyping: true,
      }),
    );
    view.stop();

    const later = watchConversation(client, conversation.id, "0");
    await agent.caller.message.send({ conversationId: conversation.id, content: "listo" });
    await eventually(() => expect(later.messages()).toEqual(["listo"]));
    expect(later.received.some((r) => r.event.type === "typing")).toBe(false);
    later.stop();
    await client.close();
  });
});

describe("live.inbox", () => {
  it("shows staff every conversation's changes and a candidate only their own", async () => {
    const agent = await h.actor("soporte");
    const mine = await h.actor("candidato");
    const other = await h.actor("candidato");
    const agentClient = await connectClient(server, h.services, agent.user);
    const candidateClient = await connectClient(server, h.services, mine.user);
    const staffEvents: InboxEvent[] = [];
    const candidateEvents: InboxEvent[] = [];
    const starts: Promise<void>[] = [];
    const subscribe = (client: Client, events: InboxEvent[]) => {
      let onStarted = () => {};
      starts.push(new Promise<void>((resolve) => (onStarted = resolve)));
      return client.client.live.inbox.subscribe(undefined, { onStarted, onData: ({ data }) => events.push(data) });
    };
    const subs = [subscribe(agentClient, staffEvents), subscribe(candidateClient, candidateEvents)];
    await Promise.all(starts);

    const own = await mine.caller.conversation.create({ subject: "La mía" });
    const foreign = await other.caller.conversation.create({ subject: "Ajena" });
    await other.caller.message.send({ conversationId: foreign.id, content: "secreto" });
    await mine.caller.message.send({ conversationId: own.id, content: "hola" });

    const changed = (events: InboxEvent[]) =>
      events.flatMap((e) => (e.type === "conversation.changed" ? [`${e.conversation.subject}:${e.action}`] : []));
    await eventually(() =>
      expect(changed(staffEvents)).toEqual([
        "La mía:conversation.created",
        "Ajena:conversation.created",
        "Ajena:message.created",
        "La mía:message.created",
      ]),
    );
    await eventually(() => expect(changed(candidateEvents)).toEqual(["La mía:conversation.created", "La mía:message.created"]));
    const lastStaff = staffEvents.at(-1);
    expect(lastStaff).toMatchObject({ message: { content: "hola" }, conversation: { unreadCount: 1 } });
    expect(JSON.stringify(candidateEvents)).not.toContain("secreto");
    subs.forEach((s) => s.unsubscribe());
    await agentClient.close();
    await candidateClient.close();
  });
});

describe("live.inbox's order", () => {
  /** A staff inbox subscription that records each event with its id. */
  async function watchInbox(lastEventId?: string) {
    const agent = await h.actor("soporte");
    const client = await connectClient(server, h.services, agent.user);
    const received: { id: string; event: InboxEvent }[] = [];
    let onStarted = () => {};
    const started = new Promise<void>((resolve) => (onStarted = resolve));
    const subscription = client.client.live.inbox.subscribe(lastEventId ? { lastEventId } : undefined, {
      onStarted,
      onData: ({ id, data }) => received.push({ id, event: data }),
    });
    await started;
    const changes = () =>
      received.flatMap(({ id, event }) =>
        event.type === "conversation.changed" ? [{ id: Number(id), what: `${event.conversation.subject}:${event.action}` }] : [],
      );
    return {
      changes,
      what: () => changes().map((c) => c.what),
      close: async () => {
        subscription.unsubscribe();
        await client.close();
      },
    };
  }

  it("resumes from the last event id with exactly what was missed", async () => {
    const candidate = await h.actor("candidato");
    const first = await watchInbox();
    const conversation = await candidate.caller.conversation.create({ subject: "Reanudar" });
    await eventually(() => expect(first.what()).toEqual(["Reanudar:conversation.created"]));
    const lastId = String(first.changes().at(-1)?.id);
    await first.close();

    await candidate.caller.message.send({ conversationId: conversation.id, content: "uno" });
    await candidate.caller.message.send({ conversationId: conversation.id, content: "dos" });
    const resumed = await watchInbox(lastId);
    await eventually(() => expect(resumed.what()).toEqual(["Reanudar:message.created", "Reanudar:message.created"]));
    await resumed.close();
  });

  // A second connection that holds a transaction open needs a real server: PGlite has one connection.
  const onPostgres = it.skipIf(!process.env.DATABASE_URL);

  onPostgres("stays live and gapless while a transaction in another database stays open", async () => {
    const other = postgres(process.env.DATABASE_URL as string, { max: 1, onnotice: () => undefined });
    const held = await other.reserve();
    try {
      // Another database on the same server: a bulk import, a forgotten psql.
      await held`begin`;
      await held`select txid_current()`;
      const inbox = await watchInbox();
      const candidate = await h.actor("candidato");
      const conversation = await candidate.caller.conversation.create({ subject: "Larga" });
      for (const content of ["a", "b", "c"]) await candidate.caller.message.send({ conversationId: conversation.id, content });
      await eventually(() =>
        expect(inbox.what()).toEqual(["Larga:conversation.created", ...Array<string>(3).fill("Larga:message.created")]),
      );
      const ids = inbox.changes().map((c) => c.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      await inbox.close();
    } finally {
      await held`rollback`;
      held.release();
      await other.end();
    }
  });

  onPostgres("delivers a change whose transaction commits late after the ones that committed first", async () => {
    const candidate = await h.actor("candidato");
    const early = await candidate.caller.conversation.create({ subject: "Tardía" });
    const quick = await candidate.caller.conversation.create({ subject: "Rápida" });
    const inbox = await watchInbox();
    const second = postgres(h.handle.url as string, { max: 1, onnotice: () => undefined });
    const held = await second.reserve();
    try {
      // Started first, as a real change would be made: the conversation's number under its lock.
      await held`begin`;
      const [row] = await held<{ last_seq: number }[]>`update support_conversations
        set priority = 'high', last_seq = last_seq + 1 where id = ${early.id} returning last_seq`;
      await held`insert into audit_log (action, conversation_id, seq, data)
        values ('conversation.priority_changed', ${early.id}, ${row?.last_seq ?? 0},
          ${held.json({ priority: { from: "normal", to: "high" } })})`;

      await candidate.caller.message.send({ conversationId: quick.id, content: "ya" });
      await eventually(() => expect(inbox.what()).toEqual(["Rápida:message.created"]));

      await held`commit`;
      // Nobody published it: the sequencer's own round finds it.
      await eventually(() => expect(inbox.what()).toEqual(["Rápida:message.created", "Tardía:conversation.priority_changed"]));
      const [a, b] = inbox.changes().map((c) => c.id);
      expect(b).toBeGreaterThan(a ?? Infinity);
    } finally {
      held.release();
      await second.end();
      await inbox.close();
    }
  });
});

describe("Server-Sent Events", () => {
  it("serve the same subscription over HTTP for networks that block WebSockets", async () => {
    const { candidate, agent, conversation } = await pair();
    const client = await connectClient(server, h.services, candidate.user, "sse");
    const view = watchConversation(client, conversation.id);
    await view.started;
    await agent.caller.message.send({ conversationId: conversation.id, content: "por SSE" });
    await eventually(() => expect(view.messages()).toEqual(["por SSE"]));
    view.stop();
  });
});
