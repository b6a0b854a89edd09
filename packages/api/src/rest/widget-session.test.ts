/**
 * The widget's one open session per candidate (`POST /api/chat/session`), under concurrency. On
 * PostgreSQL (DATABASE_URL) the calls run on separate connections at once, which is where a check
 * followed by an insert lets two through; the advisory lock in `conversation.create` stops that.
 */
import { and, auditLog, eq, supportConversations } from "@atiende/db";
import { describe, expect, it } from "vitest";

import { useHarness } from "../../test/harness";
import { toRestError, widget } from "./index";

const h = useHarness();
const CALLS = 12;

async function openConversationsOf(candidateUserId: string) {
  return h.handle.db
    .select({ id: supportConversations.id })
    .from(supportConversations)
    .where(and(eq(supportConversations.candidateUserId, candidateUserId), eq(supportConversations.status, "open")));
}

/** The HTTP status each call would answer, as the route sends them. */
const statuses = (results: PromiseSettledResult<{ status?: number }>[]) =>
  results.map((result) => (result.status === "fulfilled" ? (result.value.status ?? 200) : toRestError(result.reason).status));

describe("POST /api/chat/session under concurrency", () => {
  it(`of ${CALLS} simultaneous calls one creates the session and the others answer 409`, async () => {
    const { user, caller } = await h.actor("candidato");
    const results = await Promise.allSettled(Array.from({ length: CALLS }, () => widget.createSession(caller)));

    expect(statuses(results).sort()).toEqual([201, ...Array<number>(CALLS - 1).fill(409)]);
    const open = await openConversationsOf(user.id);
    expect(open).toHaveLength(1);
    const created = await h.handle.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, user.id), eq(auditLog.action, "conversation.created")));
    expect(created).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected");
    expect(toRestError(refused?.reason).body).toMatchObject({ success: false, message: "Ya tienes una sesión de chat activa" });
  });

  it("different candidates at once each get their own session", async () => {
    const people = await Promise.all(Array.from({ length: 4 }, () => h.actor("candidato")));
    const results = await Promise.allSettled(people.map(({ caller }) => widget.createSession(caller)));
    expect(statuses(results)).toEqual([201, 201, 201, 201]);
  });

  it("an open conversation from tRPC counts as the session; tRPC itself may still open several", async () => {
    const { user, caller } = await h.actor("candidato");
    await caller.conversation.create({ subject: "Mi CV" });
    await caller.conversation.create({ subject: "Entrevista" });
    expect(await openConversationsOf(user.id)).toHaveLength(2);
    await expect(widget.createSession(caller)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await openConversationsOf(user.id)).toHaveLength(2);
  });

  it("once the session is closed, a new one can be created", async () => {
    const { caller } = await h.actor("candidato");
    const first = await widget.createSession(caller);
    await widget.closeSession(caller, { id: first.data.id });
    const second = await widget.createSession(caller);
    expect(second.status).toBe(201);
    expect(second.data.id).not.toBe(first.data.id);
  });
});
