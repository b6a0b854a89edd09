import path from "node:path";

import type { DatabaseHandle } from "@atiende/db";
import {
  agentPresence,
  and,
  auditLog,
  createDatabase,
  eq,
  inArray,
  sql,
  supportConversations,
} from "@atiende/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createCaller } from "../root";
import { useHarness } from "../../test/harness";
import type { ApiServices } from "../trpc";
import { createInnerContext } from "../trpc";
import { createServices } from "../server/services";
import { assignWaiting } from "./assign-waiting";

const h = useHarness({
  SUPPORT_CHAT_AUTO_ASSIGN: "true",
  SUPPORT_CHAT_AGENT_CAPACITY: "5",
  SUPPORT_CHAT_PRESENCE_GRACE_SECONDS: "60",
});

// A second instance: its own connection pool on the same PostgreSQL database. PGlite is one
// process's database, so there the two instances share the handle (and only the code paths differ).
let second: DatabaseHandle | undefined;
let a: ApiServices;
let b: ApiServices;
beforeAll(async () => {
  if (h.handle.url) {
    second = await createDatabase({
      url: h.handle.url,
      migrationsFolder: path.resolve(import.meta.dirname, "../../../db/drizzle"),
      maxConnections: 20,
    });
  }
  a = h.services;
  b = createServices(second?.db ?? h.handle.db, h.services.config);
});
afterAll(async () => {
  await second?.close();
});

async function countAssigned(ids: string[]) {
  const rows = await h.handle.db
    .select({ assignee: supportConversations.assignedSupportUserId, n: sql<number>`count(*)::int` })
    .from(supportConversations)
    .where(inArray(supportConversations.id, ids))
    .groupBy(supportConversations.assignedSupportUserId);
  return new Map(rows.map((row) => [row.assignee, row.n]));
}

async function assignmentAudits(ids: string[]) {
  return h.handle.db
    .select({ conversationId: auditLog.conversationId })
    .from(auditLog)
    .where(
      and(eq(auditLog.action, "conversation.assigned"), inArray(auditLog.conversationId, ids)),
    );
}

describe("automatic assignment with two app instances on one database", () => {
  it("never assigns a conversation twice nor puts an agent over capacity", async () => {
    const agents = await Promise.all(
      ["Ana", "Beto", "Carla"].map((name) => h.createUser("soporte", { name })),
    );
    // Ana's console is on instance A, Beto's on B, Carla's on both.
    const consoles: (() => void)[] = [];
    for (const [agent, instances] of [
      [agents[0], [a]],
      [agents[1], [b]],
      [agents[2], [a, b]],
    ] as const) {
      for (const instance of instances) {
        if (agent)
          consoles.push(await instance.presence.connect({ userId: agent.id, name: agent.name }));
      }
    }
    const candidates = await Promise.all(
      Array.from({ length: 10 }, () => h.createUser("candidato")),
    );
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const instance = i % 2 === 0 ? a : b;
        const candidate = candidates[i % 10] ?? null;
        return createCaller(createInnerContext(instance, candidate)).conversation.create({
          subject: `Doble ${i}`,
        });
      }),
    );
    const ids = created.map((c) => c.id);
    const load = await countAssigned(ids);
    for (const agent of agents) expect(load.get(agent.id)).toBe(5);
    expect(load.get(null)).toBe(35);
    const audits = await assignmentAudits(ids);
    expect(audits).toHaveLength(15);
    expect(new Set(audits.map((row) => row.conversationId)).size).toBe(15);
    for (const disconnect of consoles) disconnect();
  });

  it("concurrent passes straight on the database (no per-process coalescing) still respect capacity", async () => {
    // What the first test left behind: older waiting conversations, and agents still within grace.
    await h.handle.db
      .update(supportConversations)
      .set({ status: "closed" })
      .where(eq(supportConversations.status, "open"));
    await h.handle.db.delete(agentPresence);
    const agent = await h.createUser("soporte", { name: "Dora" });
    const disconnect = await a.presence.connect({ userId: agent.id, name: agent.name });
    // Let the pass her coming online started finish first, so that only the passes below assign.
    await a.assigner.kick();
    const candidate = await h.createUser("candidato");
    // Opened with assignment off, so that only the racing passes below assign them.
    const quiet = createServices(h.handle.db, {
      ...h.services.config,
      assignment: { ...h.services.config.assignment, auto: false },
    });
    const caller = createCaller(createInnerContext(quiet, candidate));
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await caller.conversation.create({})).id);
    // Dora is the only one online: the racing passes must hand her 5 and leave 3 waiting.
    const passes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        assignWaiting((i % 2 === 0 ? a : b).db, h.services.config),
      ),
    );
    const handed = passes.flat().filter((assignment) => ids.includes(assignment.conversationId));
    expect(handed).toHaveLength(5);
    expect(new Set(handed.map((x) => x.conversationId)).size).toBe(5);
    expect((await countAssigned(ids)).get(agent.id)).toBe(5);
    expect(await assignmentAudits(ids)).toHaveLength(5);
    disconnect();
  });
});
