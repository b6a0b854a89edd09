import { and, auditLog, count, eq, isNotNull, supportMessages } from "@atiende/db";
import { describe, expect, it } from "vitest";

import { useHarness } from "../../../test/harness";

// Candidates get 2 messages a minute here, so a retry that spent quota would show at once.
const h = useHarness({ SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "2" });

async function messagesIn(conversationId: string) {
  const [row] = await h.handle.db
    .select({ n: count() })
    .from(supportMessages)
    .where(eq(supportMessages.conversationId, conversationId));
  return row?.n;
}

async function candidateWithConversation() {
  const candidate = await h.actor("candidato");
  const conversation = await candidate.caller.conversation.create({});
  return { candidate, conversationId: conversation.id };
}

describe("idempotent retries with clientMessageId", () => {
  it("a repeated clientMessageId returns the first message (same id) and stores one row", async () => {
    const { candidate, conversationId } = await candidateWithConversation();
    const first = await candidate.caller.message.send({ conversationId, content: "hola", clientMessageId: "m-1" });
    const retry = await candidate.caller.message.send({ conversationId, content: "hola", clientMessageId: "m-1" });
    const changed = await candidate.caller.message.send({ conversationId, content: "otro", clientMessageId: "m-1" });
    expect(retry.id).toBe(first.id);
    expect(changed).toMatchObject({ id: first.id, content: "hola" });
    expect(await messagesIn(conversationId)).toBe(1);
  });

  it("10 concurrent sends with the same clientMessageId store one message and all return its id", async () => {
    const { conversationId } = await candidateWithConversation();
    const agent = await h.actor("soporte");
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        agent.caller.message.send({ conversationId, content: "respuesta", clientMessageId: "burst" }),
      ),
    );
    expect(new Set(results.map((m) => m.id)).size).toBe(1);
    expect(await messagesIn(conversationId)).toBe(1);
    const created = await h.handle.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.conversationId, conversationId), eq(auditLog.action, "message.created")));
    expect(created[0]?.n).toBe(1);
  });

  it("a retry does not consume rate-limit quota (limit 2: two sends, a retry, then a third is refused)", async () => {
    const { candidate, conversationId } = await candidateWithConversation();
    const send = (content: string, clientMessageId: string) =>
      candidate.caller.message.send({ conversationId, content, clientMessageId });
    const first = await send("uno", "a");
    await send("dos", "b");
    expect((await send("uno", "a")).id).toBe(first.id);
    await expect(send("tres", "c")).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await messagesIn(conversationId)).toBe(2);
  });

  it("concurrent copies of one candidate message spend one unit of quota and all get the message", async () => {
    const { candidate, conversationId } = await candidateWithConversation();
    const copies = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        candidate.caller.message.send({ conversationId, content: "¿hola?", clientMessageId: "flaky" }),
      ),
    );
    const outcomes = copies.map((c) => (c.status === "fulfilled" ? "ok" : (c.reason as { code: string }).code));
    expect(outcomes).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    const ids = copies.flatMap((c) => (c.status === "fulfilled" ? [c.value.id] : []));
    expect(new Set(ids).size).toBe(1);
    // One message stored, one unit of the two spent: a second, different message still fits.
    await expect(
      candidate.caller.message.send({ conversationId, content: "segundo", clientMessageId: "next" }),
    ).resolves.toMatchObject({ content: "segundo" });
    expect(await messagesIn(conversationId)).toBe(2);
  });

  it("another user reusing the clientMessageId in the same conversation gets CONFLICT", async () => {
    const { candidate, conversationId } = await candidateWithConversation();
    const agent = await h.actor("soporte");
    await candidate.caller.message.send({ conversationId, content: "mío", clientMessageId: "shared" });
    await expect(
      agent.caller.message.send({ conversationId, content: "del agente", clientMessageId: "shared" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await messagesIn(conversationId)).toBe(1);
  });

  it("two users racing with one clientMessageId never get each other's message back", async () => {
    const { candidate, conversationId } = await candidateWithConversation();
    const agent = await h.actor("soporte");
    const senders = [candidate, agent];
    const results = await Promise.allSettled(
      senders.map((s) =>
        s.caller.message.send({ conversationId, content: `de ${s.user.role}`, clientMessageId: "race" }),
      ),
    );
    results.forEach((result, i) => {
      if (result.status === "fulfilled") expect(result.value.senderUserId).toBe(senders[i]?.user.id);
      else expect(result.reason).toMatchObject({ code: "CONFLICT" });
    });
    expect(await messagesIn(conversationId)).toBe(1);
  });

  it("the same clientMessageId in two conversations stores two messages", async () => {
    const { candidate, conversationId } = await candidateWithConversation();
    const second = await candidate.caller.conversation.create({});
    const a = await candidate.caller.message.send({ conversationId, content: "a", clientMessageId: "same" });
    const b = await candidate.caller.message.send({ conversationId: second.id, content: "b", clientMessageId: "same" });
    expect(a.id).not.toBe(b.id);
  });
});

describe("event numbering under concurrency", () => {
  it("concurrent sends from several users number the conversation's audit rows 1..N, no gaps or repeats", async () => {
    const { candidate, conversationId } = await candidateWithConversation();
    const agents = await Promise.all(["soporte", "admin", "developer"].map((role) => h.actor(role)));
    const sends = [
      ...[1, 2].map((n) => candidate.caller.message.send({ conversationId, content: `c${n}` })),
      ...agents.flatMap((agent) =>
        [1, 2, 3, 4].map((n) => agent.caller.message.send({ conversationId, content: `${agent.user.role}${n}` })),
      ),
    ];
    const sent = await Promise.all(sends);
    const rows = await h.handle.db
      .select({ seq: auditLog.seq, action: auditLog.action, messageId: auditLog.messageId })
      .from(auditLog)
      .where(and(eq(auditLog.conversationId, conversationId), isNotNull(auditLog.seq)))
      .orderBy(auditLog.seq);
    const total = 1 + sent.length; // conversation.created, then one message.created per message
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(rows.filter((r) => r.action === "message.created").map((r) => r.messageId).sort()).toEqual(
      sent.map((m) => m.id).sort(),
    );
  });
});
