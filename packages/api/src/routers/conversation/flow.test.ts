import { auditLog, eq } from "@atiende/db";
import { describe, expect, it } from "vitest";

import { useHarness } from "../../../test/harness";

const h = useHarness();

describe("a candidate and support, end to end", () => {
  it("opens, answers, reads, resolves and audits every change", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");

    const conversation = await candidate.caller.conversation.create({
      subject: "  No puedo subir mi CV  ",
      priority: "high",
    });
    expect(conversation).toMatchObject({
      subject: "No puedo subir mi CV",
      status: "open",
      priority: "high",
      candidateUserId: candidate.user.id,
      createdByUserId: candidate.user.id,
      assignedSupportUserId: null,
      candidate: { id: candidate.user.id, name: candidate.user.name },
    });

    const question = await candidate.caller.message.send({
      conversationId: conversation.id,
      content: "Hola, me sale un error",
      clientMessageId: "c-1",
    });
    expect(question).toMatchObject({
      content: "Hola, me sale un error",
      senderUserId: candidate.user.id,
      messageType: "text",
      clientMessageId: "c-1",
      sender: { name: candidate.user.name, role: "candidato" },
    });

    const inbox = await agent.caller.conversation.list({ unassigned: true });
    const inInbox = inbox.items.find((item) => item.id === conversation.id);
    expect(inInbox?.unreadCount).toBe(1);

    await agent.caller.conversation.assign({ id: conversation.id, supportUserId: agent.user.id });
    const answer = await agent.caller.message.send({
      conversationId: conversation.id,
      content: "¿Qué tamaño tiene el archivo?",
    });
    await agent.caller.conversation.markRead({ id: conversation.id });
    expect((await agent.caller.conversation.get({ id: conversation.id })).unreadCount).toBe(0);

    const seen = await candidate.caller.conversation.get({ id: conversation.id });
    expect(seen).toMatchObject({ unreadCount: 1, assignee: { id: agent.user.id } });
    expect(seen.lastMessageAt.getTime()).toBe(answer.createdAt.getTime());

    const page = await candidate.caller.message.list({ conversationId: conversation.id });
    expect(page.items.map((m) => m.id)).toEqual([question.id, answer.id]);

    await candidate.caller.conversation.markRead({
      id: conversation.id,
      lastReadMessageId: answer.id,
    });
    const resolved = await candidate.caller.conversation.setStatus({
      id: conversation.id,
      status: "resolved",
    });
    expect(resolved.status).toBe("resolved");
    expect(resolved.unreadCount).toBe(0);

    const audit = await h.handle.db
      .select({ action: auditLog.action, seq: auditLog.seq, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(eq(auditLog.conversationId, conversation.id))
      .orderBy(auditLog.seq);
    expect(audit).toEqual([
      { action: "conversation.created", seq: 1, actor: candidate.user.id },
      { action: "message.created", seq: 2, actor: candidate.user.id },
      { action: "conversation.assigned", seq: 3, actor: agent.user.id },
      { action: "message.created", seq: 4, actor: agent.user.id },
      { action: "conversation.read", seq: 5, actor: agent.user.id },
      { action: "conversation.read", seq: 6, actor: candidate.user.id },
      { action: "conversation.status_changed", seq: 7, actor: candidate.user.id },
    ]);
  });

  it("reopens a resolved conversation when the candidate writes again", async () => {
    const candidate = await h.actor("candidato");
    const conversation = await candidate.caller.conversation.create({});
    await candidate.caller.conversation.setStatus({ id: conversation.id, status: "resolved" });
    await candidate.caller.message.send({ conversationId: conversation.id, content: "Otra duda" });
    expect((await candidate.caller.conversation.get({ id: conversation.id })).status).toBe("open");
  });

  it("lets staff open a conversation for a candidate, who then sees it", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const created = await agent.caller.conversation.create({
      subject: "Tu entrevista",
      candidateUserId: candidate.user.id,
    });
    expect(created).toMatchObject({
      candidateUserId: candidate.user.id,
      createdByUserId: agent.user.id,
    });
    const mine = await candidate.caller.conversation.list();
    expect(mine.items.map((c) => c.id)).toEqual([created.id]);
  });
});
