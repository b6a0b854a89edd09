import { and, auditLog, eq, supportConversations, supportRatings } from "@atiende/db";
import { describe, expect, it } from "vitest";

import { useHarness } from "../../../test/harness";

const h = useHarness();

async function storedRatings(conversationId: string) {
  return h.handle.db
    .select()
    .from(supportRatings)
    .where(eq(supportRatings.conversationId, conversationId));
}

async function resolvedAt(id: string) {
  const [row] = await h.handle.db
    .select({ resolvedAt: supportConversations.resolvedAt })
    .from(supportConversations)
    .where(eq(supportConversations.id, id));
  return row?.resolvedAt;
}

/** A candidate's conversation, assigned to an agent and resolved by the candidate. */
async function resolvedConversation() {
  const candidate = await h.actor("candidato");
  const agent = await h.actor("soporte");
  const { id } = await candidate.caller.conversation.create({ subject: "Ayuda" });
  await agent.caller.conversation.assign({ id, supportUserId: agent.user.id });
  await candidate.caller.conversation.setStatus({ id, status: "resolved" });
  return { candidate, agent, id };
}

describe("conversation.rate", () => {
  it("stores the candidate's score and trimmed comment for the current resolution and its assignee", async () => {
    const { candidate, agent, id } = await resolvedConversation();
    const rating = await candidate.caller.conversation.rate({
      id,
      score: 4,
      comment: "  Muy amable  ",
    });
    expect(rating).toMatchObject({
      conversationId: id,
      candidateUserId: candidate.user.id,
      supportUserId: agent.user.id,
      score: 4,
      comment: "Muy amable",
    });
    expect(rating.resolvedAt.getTime()).toBe((await resolvedAt(id))?.getTime());
    expect(await candidate.caller.conversation.ratings({ id })).toEqual([rating]);
    expect(await agent.caller.conversation.ratings({ id })).toEqual([rating]);
  });

  it("a blank comment is stored as none", async () => {
    const { candidate, id } = await resolvedConversation();
    expect(
      (await candidate.caller.conversation.rate({ id, score: 5, comment: "   " })).comment,
    ).toBeNull();
  });

  it("is audited in the same transaction with the score", async () => {
    const { candidate, id } = await resolvedConversation();
    await candidate.caller.conversation.rate({ id, score: 2 });
    const rows = await h.handle.db
      .select({ actor: auditLog.actorUserId, data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.conversationId, id), eq(auditLog.action, "conversation.rated")));
    expect(rows).toEqual([{ actor: candidate.user.id, data: { score: 2 } }]);
  });

  it("an open conversation is CONFLICT with a clear message and stores nothing", async () => {
    const candidate = await h.actor("candidato");
    const { id } = await candidate.caller.conversation.create({});
    await expect(candidate.caller.conversation.rate({ id, score: 5 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Solo se puede calificar una conversación resuelta",
    });
    expect(await storedRatings(id)).toEqual([]);
  });

  it("a closed conversation is CONFLICT too", async () => {
    const { candidate, agent, id } = await resolvedConversation();
    await agent.caller.conversation.setStatus({ id, status: "closed" });
    await expect(candidate.caller.conversation.rate({ id, score: 5 })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("rating the same resolution twice is CONFLICT and keeps the first", async () => {
    const { candidate, id } = await resolvedConversation();
    await candidate.caller.conversation.rate({ id, score: 5 });
    await expect(candidate.caller.conversation.rate({ id, score: 1 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Ya calificaste esta atención",
    });
    expect((await storedRatings(id)).map((r) => r.score)).toEqual([5]);
  });

  it("another candidate is FORBIDDEN, for rating and for reading", async () => {
    const { id } = await resolvedConversation();
    const intruder = await h.actor("candidato");
    await expect(intruder.caller.conversation.rate({ id, score: 1 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(intruder.caller.conversation.ratings({ id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await storedRatings(id)).toEqual([]);
  });

  it.each(["soporte", "admin"])("%s may not rate: FORBIDDEN", async (role) => {
    const { id } = await resolvedConversation();
    const staff = await h.actor(role);
    await expect(staff.caller.conversation.rate({ id, score: 5 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await storedRatings(id)).toEqual([]);
  });

  it.each([0, 6, 3.5, "5", null])("score %j is BAD_REQUEST and stores nothing", async (score) => {
    const { candidate, id } = await resolvedConversation();
    await expect(
      candidate.caller.conversation.rate({ id, score: score as never }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await storedRatings(id)).toEqual([]);
  });

  it("a comment over 2000 characters is BAD_REQUEST", async () => {
    const { candidate, id } = await resolvedConversation();
    await expect(
      candidate.caller.conversation.rate({ id, score: 3, comment: "a".repeat(2001) }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await storedRatings(id)).toEqual([]);
  });

  it("after reopening and resolving again, the new resolution can be rated", async () => {
    const { candidate, id } = await resolvedConversation();
    await candidate.caller.conversation.rate({ id, score: 2 });
    await candidate.caller.conversation.setStatus({ id, status: "open" });
    expect(await resolvedAt(id)).toBeNull();
    await candidate.caller.conversation.setStatus({ id, status: "resolved" });
    await candidate.caller.conversation.rate({ id, score: 5 });
    const ratings = await candidate.caller.conversation.ratings({ id });
    expect(ratings.map((r) => r.score)).toEqual([2, 5]);
    expect(ratings[0]?.resolvedAt.getTime()).not.toBe(ratings[1]?.resolvedAt.getTime());
  });

  it("a candidate writing again reopens and clears the resolution time", async () => {
    const { candidate, id } = await resolvedConversation();
    await candidate.caller.message.send({ conversationId: id, content: "Una duda más" });
    expect(await resolvedAt(id)).toBeNull();
    await expect(candidate.caller.conversation.rate({ id, score: 5 })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});

describe("setStatus and resolved_at", () => {
  it("resolving sets it, closing keeps it, reopening clears it; closing unresolved takes now", async () => {
    const { agent, id } = await resolvedConversation();
    const first = await resolvedAt(id);
    expect(first).toBeInstanceOf(Date);
    await agent.caller.conversation.setStatus({ id, status: "closed" });
    expect((await resolvedAt(id))?.getTime()).toBe(first?.getTime());
    await agent.caller.conversation.setStatus({ id, status: "open" });
    expect(await resolvedAt(id)).toBeNull();
    await agent.caller.conversation.setStatus({ id, status: "closed" });
    expect(await resolvedAt(id)).toBeInstanceOf(Date);
  });
});
