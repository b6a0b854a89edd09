import type { User } from "@atiende/db";
import { agentPresence, and, auditLog, eq, inArray, sql, supportConversations } from "@atiende/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { useHarness } from "../../test/harness";
import { createInnerContext } from "../trpc";
import { createServices } from "../server/services";
import { createCaller } from "../root";

const h = useHarness({
  SUPPORT_CHAT_AUTO_ASSIGN: "true",
  SUPPORT_CHAT_AGENT_CAPACITY: "5",
  SUPPORT_CHAT_PRESENCE_GRACE_SECONDS: "60",
  SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "1000",
});

let disconnects: (() => void)[] = [];

/** Every test starts with nobody online and nothing waiting. */
beforeEach(async () => {
  await h.handle.db.delete(agentPresence);
  await h.handle.db
    .update(supportConversations)
    .set({ status: "closed" })
    .where(eq(supportConversations.status, "open"));
});
afterEach(() => {
  for (const disconnect of disconnects) disconnect();
  disconnects = [];
});

async function onlineAgent(name: string, services = h.services) {
  const user = await h.createUser("soporte", { name });
  disconnects.push(await services.presence.connect({ userId: user.id, name: user.name }));
  await services.assigner.kick();
  return user;
}

async function open(count: number, caller?: ReturnType<typeof h.callerFor>) {
  const candidate = await h.actor("candidato");
  const conversations = [];
  for (let i = 0; i < count; i++)
    conversations.push(await (caller ?? candidate.caller).conversation.create({}));
  return { candidate, conversations };
}

async function loadOf(agents: User[]) {
  const rows = await h.handle.db
    .select({ id: supportConversations.assignedSupportUserId })
    .from(supportConversations)
    .where(eq(supportConversations.status, "open"));
  return agents.map((agent) => rows.filter((row) => row.id === agent.id).length);
}

async function assigneeOf(id: string) {
  const [row] = await h.handle.db
    .select()
    .from(supportConversations)
    .where(eq(supportConversations.id, id));
  return row?.assignedSupportUserId ?? null;
}

describe("automatic assignment", () => {
  it("gives a new conversation to the least-loaded online agent, ties round-robin", async () => {
    const staff = await h.actor("admin");
    const ana = await h.createUser("soporte", { name: "Ana" });
    const beto = await h.createUser("soporte", { name: "Beto" });
    // Loads before anyone is online: Ana 2, Beto 1.
    const { conversations } = await open(3);
    for (const [i, who] of [ana, ana, beto].entries()) {
      await staff.caller.conversation.assign({
        id: conversations[i]?.id ?? "",
        supportUserId: who.id,
      });
    }
    disconnects.push(await h.services.presence.connect({ userId: ana.id, name: ana.name }));
    disconnects.push(await h.services.presence.connect({ userId: beto.id, name: beto.name }));
    const carla = await onlineAgent("Carla");

    const { conversations: fresh } = await open(6);
    const names = new Map([ana, beto, carla].map((agent) => [agent.id, agent.name]));
    expect(fresh.map((c) => names.get(c.assignee?.id ?? ""))).toEqual([
      "Carla",
      "Beto",
      "Carla",
      "Ana",
      "Beto",
      "Carla",
    ]);
    expect(await loadOf([ana, beto, carla])).toEqual([3, 3, 3]);
  });

  it("respects capacity: the rest waits, and is picked up as capacity frees, oldest first", async () => {
    const ana = await onlineAgent("Ana");
    const { conversations } = await open(7);
    expect(conversations.map((c) => c.assignee?.id ?? null)).toEqual([
      ...Array<string>(5).fill(ana.id),
      null,
      null,
    ]);

    const agent = h.callerFor(ana);
    await agent.conversation.setStatus({ id: conversations[0]?.id ?? "", status: "resolved" });
    expect(await assigneeOf(conversations[5]?.id ?? "")).toBe(ana.id);
    expect(await assigneeOf(conversations[6]?.id ?? "")).toBeNull();
    await agent.conversation.setStatus({ id: conversations[1]?.id ?? "", status: "closed" });
    expect(await assigneeOf(conversations[6]?.id ?? "")).toBe(ana.id);
    expect(await loadOf([ana])).toEqual([5]);
  });

  it("leaves conversations waiting with nobody online, and assigns them when an agent comes online", async () => {
    const { conversations } = await open(3);
    expect(conversations.every((c) => c.assignee === null)).toBe(true);
    const ana = await onlineAgent("Ana");
    for (const conversation of conversations)
      expect(await assigneeOf(conversation.id)).toBe(ana.id);
  });

  it("gives nothing to an agent who is away, until they are back online", async () => {
    const ana = await h.createUser("soporte", { name: "Ana" });
    disconnects.push(await h.services.presence.connect({ userId: ana.id, name: ana.name }));
    await h.services.presence.setStatus({ userId: ana.id, name: ana.name }, "away");
    const { conversations } = await open(1);
    expect(conversations[0]?.assignee).toBeNull();
    await h.services.presence.setStatus({ userId: ana.id, name: ana.name }, "online");
    await h.services.assigner.kick();
    expect(await assigneeOf(conversations[0]?.id ?? "")).toBe(ana.id);
  });

  it("assigns a conversation reopened by the candidate when it has no assignee", async () => {
    const { conversations, candidate } = await open(1);
    const id = conversations[0]?.id ?? "";
    await candidate.caller.conversation.setStatus({ id, status: "resolved" });
    const ana = await onlineAgent("Ana");
    expect(await assigneeOf(id)).toBeNull();
    await candidate.caller.message.send({ conversationId: id, content: "Sigo con la duda" });
    expect(await assigneeOf(id)).toBe(ana.id);
  });

  it("audits each assignment as the system's, with the reason", async () => {
    const ana = await onlineAgent("Ana");
    const { conversations } = await open(1);
    const id = conversations[0]?.id ?? "";
    const rows = await h.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.conversationId, id), eq(auditLog.action, "conversation.assigned")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorUserId: null,
      data: { assignedSupportUserId: { from: null, to: ana.id }, reason: "auto" },
    });
    // The agent joined the conversation and sees it as theirs.
    const view = await h.callerFor(ana).conversation.get({ id });
    expect(view.assignee).toMatchObject({ id: ana.id, name: "Ana" });
  });

  it("assigns nothing when turned off", async () => {
    const off = createServices(h.handle.db, {
      ...h.services.config,
      assignment: { ...h.services.config.assignment, auto: false },
    });
    await onlineAgent("Ana", off);
    const candidate = await h.createUser("candidato");
    const conversation = await createCaller(createInnerContext(off, candidate)).conversation.create(
      {},
    );
    expect(conversation.assignee).toBeNull();
    expect(await assigneeOf(conversation.id)).toBeNull();
  });

  it("50 conversations opened at once against 3 agents of capacity 5: exactly 15 assigned, 5 each", async () => {
    const agents = [
      await onlineAgent("Ana"),
      await onlineAgent("Beto"),
      await onlineAgent("Carla"),
    ];
    const candidates = await Promise.all(Array.from({ length: 10 }, () => h.actor("candidato")));
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        h
          .callerFor(candidates[i % 10]?.user ?? null)
          .conversation.create({ subject: `Concurrente ${i}` }),
      ),
    );
    const ids = created.map((c) => c.id);
    expect(await loadOf(agents)).toEqual([5, 5, 5]);
    const [audited] = await h.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "conversation.assigned"), inArray(auditLog.conversationId, ids)),
      );
    expect(audited?.n).toBe(15);
  });
});
