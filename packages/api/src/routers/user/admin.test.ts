import { agentPresence, auditLog, eq, sql, supportConversations, users } from "@atiende/db";
import { afterEach, describe, expect, it } from "vitest";

import { authenticateWithPassword } from "../../auth/identity";
import { useHarness } from "../../../test/harness";

const h = useHarness({ SUPPORT_CHAT_AUTO_ASSIGN: "true", SUPPORT_CHAT_PRESENCE_GRACE_SECONDS: "60" });

let disconnects: (() => void)[] = [];
afterEach(() => {
  for (const disconnect of disconnects) disconnect();
  disconnects = [];
});

const auditOf = (userId: string) =>
  h.handle.db
    .select({ action: auditLog.action, actor: auditLog.actorUserId, data: auditLog.data })
    .from(auditLog)
    .where(sql`${auditLog.data}->>'userId' = ${userId}`)
    .orderBy(auditLog.createdAt);

const userRow = async (id: string) => {
  const [row] = await h.handle.db.select().from(users).where(eq(users.id, id));
  if (!row) throw new Error("user vanished");
  return row;
};

describe("admin: accounts", () => {
  it("creates a staff account whose temporary password must be changed before anything else", async () => {
    const admin = await h.actor("admin");
    const email = `nueva-${Date.now()}@test.example`;
    const { user, temporaryPassword } = await admin.caller.user.create({ name: "Nueva Agente", email, role: "soporte" });
    expect(user).toMatchObject({ email, role: "soporte", managedExternally: false, mustChangePassword: true });
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{14}$/);
    expect(await auditOf(user.id)).toMatchObject([{ action: "user.created", actor: admin.user.id, data: { role: "soporte" } }]);
    // The same email again, in other case, is a clear conflict.
    await expect(admin.caller.user.create({ name: "Otra", email: email.toUpperCase(), role: "admin" })).rejects.toMatchObject({ code: "CONFLICT" });

    const signedIn = await authenticateWithPassword(h.handle.db, email, temporaryPassword);
    if (!signedIn) throw new Error("the temporary password must sign in");
    const agent = h.callerFor(signedIn);
    await expect(agent.conversation.list()).rejects.toMatchObject({ code: "FORBIDDEN", message: /temporal/ });
    await expect(agent.auth.me()).resolves.toMatchObject({ email });
    await agent.user.changePassword({ currentPassword: temporaryPassword, newPassword: "mi-clave-propia" });
    const changed = await userRow(user.id);
    expect(changed.mustChangePassword).toBe(false);
    await expect(h.callerFor(changed).conversation.list()).resolves.toBeDefined();
  });

  it("resets a password: the old one and its sessions end, the new one is temporary", async () => {
    const admin = await h.actor("admin");
    const { user, temporaryPassword: first } = await admin.caller.user.create({ name: "Olvidadiza", email: `olvido-${Date.now()}@test.example`, role: "soporte" });
    const revokedBefore = h.services.revocations.isRevoked(user.id, Date.now() - 1);
    expect(revokedBefore).toBe(false);
    const { temporaryPassword } = await admin.caller.user.resetPassword({ userId: user.id });
    expect(temporaryPassword).not.toBe(first);
    expect(await authenticateWithPassword(h.handle.db, user.email, first)).toBeNull();
    expect(await authenticateWithPassword(h.handle.db, user.email, temporaryPassword)).toMatchObject({ mustChangePassword: true });
    expect(h.services.revocations.isRevoked(user.id, Date.now() - 1000)).toBe(true);
    expect((await auditOf(user.id)).map((row) => row.action)).toEqual(["user.created", "user.password_reset"]);
  });

  it("changes roles, except its own and those an external issuer manages", async () => {
    const admin = await h.actor("admin");
    const agent = await h.createUser("soporte");
    await expect(admin.caller.user.setRole({ userId: agent.id, role: "developer" })).resolves.toEqual({ id: agent.id, role: "developer" });
    expect(await auditOf(agent.id)).toEqual([
      { action: "user.role_changed", actor: admin.user.id, data: { userId: agent.id, role: { from: "soporte", to: "developer" } } },
    ]);
    // The same role again changes and audits nothing.
    await admin.caller.user.setRole({ userId: agent.id, role: "developer" });
    expect(await auditOf(agent.id)).toHaveLength(1);

    const external = await h.createUser("soporte", { externalId: `ext-${Date.now()}` });
    await expect(admin.caller.user.setRole({ userId: external.id, role: "admin" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.caller.user.resetPassword({ userId: external.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.caller.user.setRole({ userId: admin.user.id, role: "soporte" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await userRow(external.id)).role).toBe("soporte");
    expect(await auditOf(external.id)).toEqual([]);
  });

  it("lists staff or candidates with a search, a page at a time", async () => {
    const admin = await h.actor("admin");
    const tag = `zorzal${Date.now()}`;
    for (const name of ["Ana", "Bea", "Carla"]) await h.createUser("soporte", { name: `${name} ${tag}` });
    await h.createUser("candidato", { name: `Dora ${tag}` });
    // As tRPC's infinite queries call it.
    const first = await admin.caller.user.people({ q: tag, limit: 2, cursor: null, direction: "forward" });
    expect(first.items.map((p) => p.name)).toEqual([`Ana ${tag}`, `Bea ${tag}`]);
    const second = await admin.caller.user.people({ q: tag, limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second).toMatchObject({ items: [{ name: `Carla ${tag}` }], nextCursor: null });
    expect((await admin.caller.user.people({ q: tag, kind: "candidates" })).items.map((p) => p.name)).toEqual([`Dora ${tag}`]);
    expect(JSON.stringify(first)).not.toContain("passwordHash");
  });

  it("finds a person by their whole email address, whatever it is made of", async () => {
    const admin = await h.actor("admin");
    const stamp = Date.now();
    const emails = [`ana.garcia+cv${stamp}@example.com`, `o'brien.${stamp}@example.com`, `Zorzal_${stamp}@Correo.Example.com`, `josé.${stamp}@example.com`];
    const people = [];
    for (const email of emails) people.push(await h.createUser("soporte", { name: `Persona ${people.length}`, email }));
    for (const [i, email] of emails.entries()) {
      // As typed, in another case, and with stray spaces around.
      for (const q of [email, email.toUpperCase(), `  ${email} `]) {
        expect((await admin.caller.user.people({ q })).items.map((p) => p.id), q).toEqual([people[i]?.id]);
      }
    }
    // The start of an address still narrows the list; the end of another person's does not match.
    expect((await admin.caller.user.people({ q: `ana.garcia+cv${stamp}` })).items.map((p) => p.email)).toEqual([emails[0]]);
    expect((await admin.caller.user.people({ q: `garcia+cv${stamp}@example.com` })).items).toEqual([]);
    // Signs that mean something to LIKE are only characters.
    expect((await admin.caller.user.people({ q: "%@example.com" })).items).toEqual([]);
    expect((await admin.caller.user.people({ q: emails[0] ?? "", kind: "candidates" })).items).toEqual([]);
  });
});

describe("admin: disabling an agent", () => {
  it("sends their open conversations back to the queue, where automatic assignment hands them out", async () => {
    const admin = await h.actor("admin");
    const leaving = await h.createUser("soporte", { name: "Se va" });
    disconnects.push(await h.services.presence.connect({ userId: leaving.id, name: leaving.name }));
    const candidate = await h.actor("candidato");
    const conversation = await candidate.caller.conversation.create({ subject: "Mi entrevista" });
    await h.services.assigner.kick();
    const assignee = async () =>
      (await h.handle.db.select().from(supportConversations).where(eq(supportConversations.id, conversation.id)))[0]?.assignedSupportUserId;
    expect(await assignee()).toBe(leaving.id);

    // The disabled agent's console is still connected (presence online) until the revocation lands.
    const staying = await h.createUser("soporte", { name: "Se queda" });
    await admin.caller.user.setDisabled({ userId: leaving.id, disabled: true });
    expect(await assignee()).toBeNull();
    disconnects.push(await h.services.presence.connect({ userId: staying.id, name: staying.name }));
    await h.services.assigner.kick();
    expect(await assignee()).toBe(staying.id);

    const trail = await h.handle.db
      .select({ actor: auditLog.actorUserId, data: auditLog.data })
      .from(auditLog)
      .where(eq(auditLog.conversationId, conversation.id));
    expect(trail.map((row) => row.data.reason).filter(Boolean)).toEqual(["auto", "disabled", "auto"]);
    // Nobody can assign to a disabled account by hand either.
    await expect(admin.caller.conversation.assign({ id: conversation.id, supportUserId: leaving.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await admin.caller.user.staff()).map((s) => s.id)).not.toContain(leaving.id);
    await h.handle.db.delete(agentPresence);
  });
});

describe("admin: the audit log", () => {
  it("filters by actor, action and day, newest first, a page at a time", async () => {
    const admin = await h.actor("admin");
    const agent = await h.createUser("soporte");
    await admin.caller.user.setRole({ userId: agent.id, role: "developer" });
    await admin.caller.user.setRole({ userId: agent.id, role: "soporte" });
    await admin.caller.user.resetPassword({ userId: agent.id });

    const mine = await admin.caller.audit.list({ actorUserId: admin.user.id, limit: 2 });
    expect(mine.items.map((row) => row.action)).toEqual(["user.password_reset", "user.role_changed"]);
    expect(mine.items[0]?.actor).toMatchObject({ id: admin.user.id, name: admin.user.name });
    const rest = await admin.caller.audit.list({ actorUserId: admin.user.id, limit: 2, cursor: mine.nextCursor ?? undefined });
    expect(rest).toMatchObject({ items: [{ action: "user.role_changed" }], nextCursor: null });

    const resets = await admin.caller.audit.list({ action: "user.password_reset", actorUserId: admin.user.id });
    expect(resets.items).toHaveLength(1);
    const today = new Date().toISOString().slice(0, 10);
    const later = "2999-01-01";
    expect((await admin.caller.audit.list({ actorUserId: admin.user.id, from: today, to: today, timeZone: "UTC" })).items).toHaveLength(3);
    expect((await admin.caller.audit.list({ actorUserId: admin.user.id, from: later })).items).toHaveLength(0);
    await expect(admin.caller.audit.list({ action: "user.deleted" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // A day PostgreSQL cannot read (there is no year 0) is refused here, not failed there.
    for (const day of ["0000-01-01", "0999-12-31"]) {
      await expect(admin.caller.audit.list({ to: day })).rejects.toMatchObject({ code: "BAD_REQUEST" });
      await expect(admin.caller.metrics.summary({ from: day, to: day })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
  });
});
