import { agentPresence, auditLog, eq, supportConversations, supportMessages } from "@atiende/db";
import { describe, expect, it } from "vitest";

import { useHarness } from "../../../test/harness";

const h = useHarness({ SUPPORT_CHAT_AGENT_CAPACITY: "3", SUPPORT_CHAT_PRESENCE_GRACE_SECONDS: "60" });

describe("the team view", () => {
  it("shows who is online or away with their load, and the queue oldest first", async () => {
    await h.handle.db.update(supportConversations).set({ status: "closed" }).where(eq(supportConversations.status, "open"));
    const ana = await h.actor("soporte");
    const bea = await h.createUser("soporte");
    const gone = await h.createUser("soporte", { disabledAt: new Date() });
    const disconnect = await h.services.presence.connect({ userId: ana.user.id, name: ana.user.name });
    await h.services.presence.setStatus({ userId: bea.id, name: bea.name }, "away");
    const candidate = await h.actor("candidato");
    const older = await candidate.caller.conversation.create({ subject: "Primera" });
    const newer = await candidate.caller.conversation.create({ subject: "Segunda" });
    const held = await candidate.caller.conversation.create({ subject: "Tercera" });
    await ana.caller.conversation.assign({ id: held.id, supportUserId: ana.user.id });

    const { capacity, members } = await ana.caller.team.members();
    expect(capacity).toBe(3);
    expect(members.find((m) => m.id === ana.user.id)).toMatchObject({ status: "online", open: 1 });
    expect(members.find((m) => m.id === bea.id)).toMatchObject({ status: "away", open: 0 });
    expect(members.map((m) => m.id)).not.toContain(gone.id);
    const queue = await ana.caller.team.queue();
    expect(queue.map((c) => c.id)).toEqual([older.id, newer.id]);
    expect(queue[0]).toMatchObject({ subject: "Primera", candidateName: candidate.user.name });
    disconnect();
    await h.handle.db.delete(agentPresence);
  });

  it("hands a conversation over with a note: assigned, the note an internal note, both audited", async () => {
    const ana = await h.actor("soporte");
    const bea = await h.createUser("soporte");
    const candidate = await h.actor("candidato");
    const conversation = await candidate.caller.conversation.create({ subject: "Entrevista" });
    await ana.caller.conversation.assign({ id: conversation.id, supportUserId: ana.user.id });
    const note = "Pide cambiar la fecha de la entrevista; ya le propuse el jueves.";
    const result = await ana.caller.team.handOver({ conversationId: conversation.id, toUserId: bea.id, note, expectedAssigneeId: ana.user.id });
    expect(result.conversation.assignee?.id).toBe(bea.id);
    expect(result.note).toMatchObject({ messageType: "note", content: note, senderUserId: ana.user.id });
    // The candidate never sees the note.
    const seen = await candidate.caller.message.list({ conversationId: conversation.id });
    expect(JSON.stringify(seen)).not.toContain("jueves");
    const [assigned] = await h.handle.db
      .select({ data: auditLog.data, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(eq(auditLog.conversationId, conversation.id))
      .orderBy(auditLog.seq)
      .then((rows) => rows.filter((row) => row.data.reason === "handover"));
    expect(assigned).toEqual({ actor: ana.user.id, data: { assignedSupportUserId: { from: ana.user.id, to: bea.id }, reason: "handover", note } });

    // Someone faster: the second hand-over is refused and adds no note.
    await expect(
      ana.caller.team.handOver({ conversationId: conversation.id, toUserId: ana.user.id, note: "otra", expectedAssigneeId: ana.user.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const notes = await h.handle.db.select().from(supportMessages).where(eq(supportMessages.conversationId, conversation.id));
    expect(notes.filter((m) => m.messageType === "note")).toHaveLength(1);
    await expect(ana.caller.team.handOver({ conversationId: conversation.id, toUserId: bea.id, note: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
