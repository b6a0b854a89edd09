import { randomUUID } from "node:crypto";

import { and, auditLog, count, eq, supportConversations, supportMessages } from "@atiende/db";
import { describe, expect, it } from "vitest";

import { useHarness } from "../../../test/harness";

const h = useHarness();

const STAFF = ["soporte", "admin", "developer"] as const;

async function auditFor(conversationId: string) {
  return h.handle.db
    .select({ action: auditLog.action, actor: auditLog.actorUserId, data: auditLog.data })
    .from(auditLog)
    .where(eq(auditLog.conversationId, conversationId))
    .orderBy(auditLog.seq);
}

async function messageCount(conversationId: string) {
  const [row] = await h.handle.db
    .select({ n: count() })
    .from(supportMessages)
    .where(eq(supportMessages.conversationId, conversationId));
  return row?.n;
}

async function storedStatus(id: string) {
  const [row] = await h.handle.db
    .select({ status: supportConversations.status })
    .from(supportConversations)
    .where(eq(supportConversations.id, id));
  return row?.status;
}

/** A candidate with a fresh conversation of their own. */
async function setup() {
  const candidate = await h.actor("candidato");
  const conversation = await candidate.caller.conversation.create({ subject: "Ayuda" });
  return { candidate, id: conversation.id };
}

describe("conversation.setStatus by role", () => {
  it.each(STAFF)("%s may set open, resolved and closed, each audited with from/to", async (role) => {
    const { id } = await setup();
    const agent = await h.actor(role);
    for (const [from, to] of [["open", "resolved"], ["resolved", "closed"], ["closed", "open"]] as const) {
      const view = await agent.caller.conversation.setStatus({ id, status: to });
      expect(view.status).toBe(to);
      expect(await storedStatus(id)).toBe(to);
      expect((await auditFor(id)).at(-1)).toEqual({
        action: "conversation.status_changed",
        actor: agent.user.id,
        data: { status: { from, to } },
      });
    }
  });

  it("a candidate may resolve and reopen their own conversation", async () => {
    const { candidate, id } = await setup();
    expect((await candidate.caller.conversation.setStatus({ id, status: "resolved" })).status).toBe("resolved");
    expect((await candidate.caller.conversation.setStatus({ id, status: "open" })).status).toBe("open");
    expect(await storedStatus(id)).toBe("open");
  });

  it("a candidate may not close their own conversation: FORBIDDEN, unchanged, not audited", async () => {
    const { candidate, id } = await setup();
    const before = await auditFor(id);
    await expect(candidate.caller.conversation.setStatus({ id, status: "closed" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await storedStatus(id)).toBe("open");
    expect(await auditFor(id)).toEqual(before);
  });

  it.each(["open", "resolved"] as const)(
    "a candidate may not set %s on someone else's conversation",
    async (status) => {
      const { id } = await setup();
      const intruder = await h.actor("candidato");
      await expect(intruder.caller.conversation.setStatus({ id, status })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      expect(await storedStatus(id)).toBe("open");
    },
  );

  it.each(["archived", "", "OPEN", null])("status %j is BAD_REQUEST", async (status) => {
    const { id } = await setup();
    const agent = await h.actor("soporte");
    await expect(
      agent.caller.conversation.setStatus({ id, status: status as never }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await storedStatus(id)).toBe("open");
  });

  it("setting the status, priority or assignee it already has writes no audit row", async () => {
    const { candidate, id } = await setup();
    const agent = await h.actor("soporte");
    await agent.caller.conversation.assign({ id, supportUserId: agent.user.id });
    const before = await auditFor(id);
    await agent.caller.conversation.setStatus({ id, status: "open" });
    await candidate.caller.conversation.setStatus({ id, status: "open" });
    await agent.caller.conversation.setPriority({ id, priority: "normal" });
    await agent.caller.conversation.assign({ id, supportUserId: agent.user.id });
    expect(await auditFor(id)).toEqual(before);
  });
});

describe("sending into a closed conversation", () => {
  it("a candidate gets CONFLICT and nothing is stored", async () => {
    const { candidate, id } = await setup();
    const agent = await h.actor("soporte");
    await agent.caller.conversation.setStatus({ id, status: "closed" });
    const auditBefore = await auditFor(id);
    await expect(
      candidate.caller.message.send({ conversationId: id, content: "¿Sigue ahí?" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await messageCount(id)).toBe(0);
    expect(await auditFor(id)).toEqual(auditBefore);
    expect(await storedStatus(id)).toBe("closed");
  });

  it.each(STAFF)("%s can still write, and the conversation stays closed", async (role) => {
    const { id } = await setup();
    const agent = await h.actor(role);
    await agent.caller.conversation.setStatus({ id, status: "closed" });
    const sent = await agent.caller.message.send({ conversationId: id, content: "Cierre: resuelto" });
    expect(sent.senderUserId).toBe(agent.user.id);
    expect(await messageCount(id)).toBe(1);
    expect(await storedStatus(id)).toBe("closed");
  });
});

describe("conversation.assign", () => {
  it.each([
    ["a candidate", () => h.createUser("candidato")],
    ["a user with an unknown role", () => h.createUser("reclutador")],
    ["a user id that does not exist", () => Promise.resolve({ id: randomUUID() })],
  ])("assigning to %s is BAD_REQUEST and changes nothing", async (_label, makeUser) => {
    const { id } = await setup();
    const agent = await h.actor("admin");
    const target = await makeUser();
    const before = await auditFor(id);
    await expect(agent.caller.conversation.assign({ id, supportUserId: target.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await agent.caller.conversation.get({ id })).assignedSupportUserId).toBeNull();
    expect(await auditFor(id)).toEqual(before);
  });

  it("unassigning with null works and is audited with from/to", async () => {
    const { id } = await setup();
    const admin = await h.actor("admin");
    const agent = await h.actor("soporte");
    const assigned = await admin.caller.conversation.assign({ id, supportUserId: agent.user.id });
    expect(assigned).toMatchObject({ assignedSupportUserId: agent.user.id, assignee: { id: agent.user.id } });

    const unassigned = await admin.caller.conversation.assign({ id, supportUserId: null });
    expect(unassigned).toMatchObject({ assignedSupportUserId: null, assignee: null });

    const assignments = await h.handle.db
      .select({ actor: auditLog.actorUserId, data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.conversationId, id), eq(auditLog.action, "conversation.assigned")))
      .orderBy(auditLog.seq);
    expect(assignments).toEqual([
      { actor: admin.user.id, data: { assignedSupportUserId: { from: null, to: agent.user.id } } },
      { actor: admin.user.id, data: { assignedSupportUserId: { from: agent.user.id, to: null } } },
    ]);
  });
});
