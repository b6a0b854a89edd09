import { describe, expect, it } from "vitest";

import type { ConversationEvent } from "../../realtime/conversation-events";
import type { InboxEvent } from "../../realtime/inbox-events";
import { useHarness } from "../../../test/harness";
import { connectClient, useTestServer } from "../../../test/server";
import { eventually, sleep } from "../../../test/wait";

const h = useHarness({ SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "1000" });
const server = useTestServer(h);

const SECRET = "nota interna: candidato difícil";

async function conversationWithNote() {
  const candidate = await h.actor("candidato");
  const agent = await h.actor("soporte");
  const conversation = await candidate.caller.conversation.create({ subject: "Ayuda" });
  await candidate.caller.message.send({ conversationId: conversation.id, content: "Hola" });
  return { candidate, agent, conversation };
}

describe("internal notes", () => {
  it("are stored as notes and listed for staff, never for the candidate", async () => {
    const { candidate, agent, conversation } = await conversationWithNote();
    const note = await agent.caller.message.send({ conversationId: conversation.id, content: SECRET, internal: true });
    expect(note.messageType).toBe("note");
    await agent.caller.message.send({ conversationId: conversation.id, content: "Te ayudo" });

    const staffView = await agent.caller.message.list({ conversationId: conversation.id });
    expect(staffView.items.map((m) => m.content)).toEqual(["Hola", SECRET, "Te ayudo"]);
    for (const page of [
      await candidate.caller.message.list({ conversationId: conversation.id }),
      await candidate.caller.message.list({ conversationId: conversation.id, page: 1, perPage: 10 }),
      await candidate.caller.message.list({ conversationId: conversation.id, after: staffView.items[0]?.id }),
    ]) {
      expect(JSON.stringify(page)).not.toContain(SECRET);
    }
    const [listed] = (await candidate.caller.conversation.list()).items;
    expect(listed?.unreadCount).toBe(1);
    expect(JSON.stringify(await candidate.caller.conversation.list({ q: "difícil" }))).not.toContain(conversation.id);
    // Notes stay out of the search document altogether; the conversation's own words find it.
    expect((await agent.caller.conversation.list({ q: "difícil" })).items.map((c) => c.id)).not.toContain(conversation.id);
    expect((await agent.caller.conversation.list({ q: "te ayudo" })).items.map((c) => c.id)).toContain(conversation.id);
  });

  it("do not count as the first response and leave the candidate's activity order alone", async () => {
    const { agent, conversation } = await conversationWithNote();
    const before = await agent.caller.conversation.get({ id: conversation.id });
    await agent.caller.message.send({ conversationId: conversation.id, content: SECRET, internal: true });
    const after = await agent.caller.conversation.get({ id: conversation.id });
    expect(after.firstResponseAt).toBeNull();
    expect(after.lastMessageAt).toEqual(before.lastMessageAt);
    expect(after.lastMessagePreview).toBe("Hola");
    const reply = await agent.caller.message.send({ conversationId: conversation.id, content: "Hola" });
    expect((await agent.caller.conversation.get({ id: conversation.id })).firstResponseAt).toEqual(reply.createdAt);
  });

  it("a candidate's read marker skips notes", async () => {
    const { candidate, agent, conversation } = await conversationWithNote();
    const reply = await agent.caller.message.send({ conversationId: conversation.id, content: "Hola" });
    const note = await agent.caller.message.send({ conversationId: conversation.id, content: SECRET, internal: true });
    expect((await candidate.caller.conversation.markRead({ id: conversation.id })).lastReadMessageId).toBe(reply.id);
    await expect(
      candidate.caller.conversation.markRead({ id: conversation.id, lastReadMessageId: note.id }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("never reach the candidate's live streams, live or replayed, while staff get them", async () => {
    const { candidate, agent, conversation } = await conversationWithNote();
    const candidateClient = await connectClient(server, h.services, candidate.user);
    const agentClient = await connectClient(server, h.services, agent.user);
    const seen = { candidate: [] as ConversationEvent[], inbox: [] as InboxEvent[], staff: [] as ConversationEvent[] };
    const subs = [
      candidateClient.client.live.conversation.subscribe(
        { conversationId: conversation.id },
        { onData: ({ data }) => seen.candidate.push(data) },
      ),
      candidateClient.client.live.inbox.subscribe(undefined, { onData: ({ data }) => seen.inbox.push(data) }),
      agentClient.client.live.conversation.subscribe(
        { conversationId: conversation.id },
        { onData: ({ data }) => seen.staff.push(data) },
      ),
    ];
    await sleep(300);
    await agentClient.client.message.send.mutate({ conversationId: conversation.id, content: SECRET, internal: true });
    await agentClient.client.message.send.mutate({ conversationId: conversation.id, content: "Respuesta" });
    const contents = (events: ConversationEvent[]) =>
      events.flatMap((e) => (e.type === "message.created" ? [e.message.content] : []));
    await eventually(() => expect(contents(seen.staff)).toEqual([SECRET, "Respuesta"]));
    await eventually(() => expect(contents(seen.candidate)).toEqual(["Respuesta"]));
    await eventually(() =>
      expect(seen.inbox.flatMap((e) => (e.type === "conversation.changed" ? [e.message?.content] : []))).toContain("Respuesta"),
    );
    expect(JSON.stringify(seen.inbox)).not.toContain(SECRET);

    // A candidate resuming from the start replays from the database, still without the note.
    const replayed: ConversationEvent[] = [];
    subs.push(
      candidateClient.client.live.conversation.subscribe(
        { conversationId: conversation.id, lastEventId: "0" },
        { onData: ({ data }) => replayed.push(data) },
      ),
    );
    await eventually(() => expect(contents(replayed)).toEqual(["Hola", "Respuesta"]));
    expect(JSON.stringify(replayed)).not.toContain(SECRET);
    for (const sub of subs) sub.unsubscribe();
    await candidateClient.close();
    await agentClient.close();
  });
});
