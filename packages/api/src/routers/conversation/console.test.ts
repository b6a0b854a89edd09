import { describe, expect, it } from "vitest";

import { searchConversationIds } from "../../domain/search";
import { readConversationEvents } from "../../realtime/conversation-events";
import { useHarness } from "../../../test/harness";
import { UNREAD_COUNT_CAP } from "../../domain/conversation-queries";

const h = useHarness({ SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "1000" });

describe("the console's inbox queries", () => {
  it("searches subject, candidate name and email, and message text by word prefix", async () => {
    const candidate = await h.createUser("candidato", { name: "Renata Quiroga", email: `renata.${Date.now()}@correo.example` });
    const agent = await h.actor("soporte");
    const caller = h.callerFor(candidate);
    const bySubject = await caller.conversation.create({ subject: "Factura duplicada" });
    const byMessage = await caller.conversation.create({ subject: "Otra cosa" });
    await caller.message.send({ conversationId: byMessage.id, content: "El reembolso no llega" });
    const found = async (q: string) => (await agent.caller.conversation.list({ q, limit: 100 })).items.map((c) => c.id);

    expect(await found("factur")).toContain(bySubject.id);
    expect(await found("factur")).not.toContain(byMessage.id);
    expect(await found("REEMBOLSO")).toEqual([byMessage.id]);
    expect(await found("quiroga")).toEqual(expect.arrayContaining([bySubject.id, byMessage.id]));
    expect(await found(candidate.email)).toEqual(expect.arrayContaining([bySubject.id, byMessage.id]));
    expect(await found("renata reembolso")).toEqual([]); // every word must match in one place
    expect(await found("inexistentepalabra")).toEqual([]);
  });

  it("finds old matches beyond the recent window, newest first, and words added by an edit", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const word = `zafiro${Date.now()}`;
    const old: string[] = [];
    for (let i = 0; i < 3; i++) old.push((await candidate.caller.conversation.create({ subject: `${word} ${i}` })).id);
    for (let i = 0; i < 3; i++) await candidate.caller.conversation.create({ subject: "reciente" });
    // A window of 2 holds only non-matching conversations: the second pass must find the rest.
    expect(await searchConversationIds(h.handle.db, undefined, `${word}:*`, 2, 2)).toEqual([old[2], old[1]]);
    expect(await searchConversationIds(h.handle.db, undefined, `${word}:*`, 10, 2)).toEqual([...old].reverse());

    const sent = await candidate.caller.message.send({ conversationId: old[0] ?? "", content: "primera versión" });
    await candidate.caller.message.edit({ id: sent.id, content: `ahora con ${word}x` });
    expect((await agent.caller.conversation.list({ q: `${word}x` })).items.map((c) => c.id)).toEqual([old[0]]);
  });

  it("never hands out the search document, in any read of a conversation", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const { id } = await candidate.caller.conversation.create({ subject: "Documento interno" });
    await candidate.caller.message.send({ conversationId: id, content: "palabras para el índice" });
    const reads: object[] = [
      await agent.caller.conversation.get({ id }),
      await candidate.caller.conversation.get({ id }),
      ...(await agent.caller.conversation.list({ q: "palabras" })).items,
      ...(await candidate.caller.conversation.list({})).items,
      await agent.caller.conversation.setStatus({ id, status: "resolved" }),
    ];
    const events = await readConversationEvents(h.handle.db, { ...agent.user, role: "soporte" }, id, 0);
    for (const { event } of events) if (event?.type === "conversation.updated") reads.push(event.conversation);
    expect(reads.length).toBeGreaterThanOrEqual(7);
    for (const read of reads) expect(Object.keys(read)).not.toContain("searchVector");
  });

  it("counts unread messages up to a cap, so a long conversation costs no more than a short one", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const { id } = await candidate.caller.conversation.create({ subject: "Largo" });
    for (let i = 0; i < UNREAD_COUNT_CAP + 5; i++) {
      await candidate.caller.message.send({ conversationId: id, content: `mensaje ${i}` });
    }
    expect((await agent.caller.conversation.get({ id })).unreadCount).toBe(UNREAD_COUNT_CAP);
    expect((await candidate.caller.conversation.get({ id })).unreadCount).toBe(0);
  });

  it.each(["'", "&|!():*", "a:* | b", "\\", "<->", "%_", "😀", "  "])(
    "takes hostile search text %j without an error",
    async (q) => {
      const agent = await h.actor("soporte");
      const { items } = await agent.caller.conversation.list({ q });
      expect(Array.isArray(items)).toBe(true);
    },
  );

  it("filters by priority, status, assignee and candidate, newest activity first, by cursor", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const ids: string[] = [];
    for (const priority of ["high", "low", "high"] as const) {
      ids.push((await candidate.caller.conversation.create({ subject: priority, priority })).id);
    }
    await agent.caller.conversation.assign({ id: ids[2] ?? "", supportUserId: agent.user.id });
    const list = (input: Parameters<typeof agent.caller.conversation.list>[0]) =>
      agent.caller.conversation.list({ candidateUserId: candidate.user.id, ...input });

    expect((await list({ priority: "high" })).items.map((c) => c.id)).toEqual([ids[2], ids[0]]);
    expect((await list({ assignedToMe: true })).items.map((c) => c.id)).toEqual([ids[2]]);
    expect((await list({ unassigned: true, priority: "high" })).items.map((c) => c.id)).toEqual([ids[0]]);
    const first = await list({ limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    const second = await list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((c) => c.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
  });
});

describe("assignment between agents", () => {
  it("refuses to take a conversation someone else took after the caller looked", async () => {
    const candidate = await h.actor("candidato");
    const ana = await h.actor("soporte");
    const bruno = await h.actor("soporte");
    const { id } = await candidate.caller.conversation.create({ subject: "Quién" });

    await ana.caller.conversation.assign({ id, supportUserId: ana.user.id, expectedAssigneeId: null });
    await expect(
      bruno.caller.conversation.assign({ id, supportUserId: bruno.user.id, expectedAssigneeId: null }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await bruno.caller.conversation.get({ id })).assignee?.id).toBe(ana.user.id);

    // Knowing Ana has it, Bruno may reassign deliberately; the same request twice is a no-op.
    await bruno.caller.conversation.assign({ id, supportUserId: bruno.user.id, expectedAssigneeId: ana.user.id });
    await bruno.caller.conversation.assign({ id, supportUserId: bruno.user.id, expectedAssigneeId: ana.user.id });
    expect((await ana.caller.conversation.get({ id })).assignee?.id).toBe(bruno.user.id);
  });

  it("two agents taking the same unassigned conversation at once: exactly one wins", async () => {
    const candidate = await h.actor("candidato");
    const agents = await Promise.all([h.actor("soporte"), h.actor("soporte"), h.actor("admin")]);
    const { id } = await candidate.caller.conversation.create({ subject: "Carrera" });
    const results = await Promise.allSettled(
      agents.map((a) => a.caller.conversation.assign({ id, supportUserId: a.user.id, expectedAssigneeId: null })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r.reason as { code: string }).code)).toEqual([
      "CONFLICT",
      "CONFLICT",
    ]);
  });
});

describe("response and resolution times", () => {
  it("records the first staff reply once and the resolution, cleared on reopening", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const { id } = await candidate.caller.conversation.create({ subject: "Tiempos" });
    await candidate.caller.message.send({ conversationId: id, content: "Hola" });
    const first = await agent.caller.message.send({ conversationId: id, content: "Hola, te leo" });
    await agent.caller.message.send({ conversationId: id, content: "¿Sigues ahí?" });
    expect((await agent.caller.conversation.get({ id })).firstResponseAt).toEqual(first.createdAt);

    const resolved = await agent.caller.conversation.setStatus({ id, status: "resolved" });
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
    await candidate.caller.message.send({ conversationId: id, content: "Una cosa más" });
    expect((await agent.caller.conversation.get({ id })).resolvedAt).toBeNull();
    const closed = await agent.caller.conversation.setStatus({ id, status: "closed" });
    expect(closed.resolvedAt).toBeInstanceOf(Date);
  });
});

describe("staff directories", () => {
  it("finds candidates by name or email prefix and lists staff only", async () => {
    const candidate = await h.createUser("candidato", { name: "Zoraida Ybarra" });
    const agent = await h.actor("soporte");
    expect((await agent.caller.user.candidates({ q: "zora" })).map((u) => u.id)).toEqual([candidate.id]);
    const staff = await agent.caller.user.staff();
    expect(staff.map((u) => u.id)).toContain(agent.user.id);
    expect(staff.every((u) => ["soporte", "admin", "developer"].includes(u.role))).toBe(true);
  });
});
