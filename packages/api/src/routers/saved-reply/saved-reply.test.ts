import { auditLog, sql } from "@atiende/db";
import { describe, expect, it } from "vitest";

import { useHarness } from "../../../test/harness";

const h = useHarness();

describe("saved replies", () => {
  it("are shared by the team, edited and removed with an audit trail", async () => {
    const ana = await h.actor("soporte");
    const bruno = await h.actor("admin");
    const reply = await ana.caller.savedReply.create({ shortcut: "saludo", content: "¡Hola! ¿En qué te ayudo?" });
    expect((await bruno.caller.savedReply.list()).map((r) => r.shortcut)).toContain("saludo");

    const edited = await bruno.caller.savedReply.update({ id: reply.id, content: "Hola 👋" });
    expect(edited).toMatchObject({ shortcut: "saludo", content: "Hola 👋" });
    await bruno.caller.savedReply.remove({ id: reply.id });
    expect((await ana.caller.savedReply.list()).map((r) => r.id)).not.toContain(reply.id);
    await expect(bruno.caller.savedReply.remove({ id: reply.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const trail = await h.handle.db
      .select({ action: auditLog.action, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(sql`${auditLog.data}->>'id' = ${reply.id}`)
      .orderBy(auditLog.createdAt);
    expect(trail).toEqual([
      { action: "saved_reply.created", actor: ana.user.id },
      { action: "saved_reply.updated", actor: bruno.user.id },
      { action: "saved_reply.removed", actor: bruno.user.id },
    ]);
  });

  it("keep one reply per shortcut, ignoring case, even when two agents save at once", async () => {
    const ana = await h.actor("soporte");
    const shortcut = `envio-${Date.now()}`;
    const results = await Promise.allSettled(
      [shortcut, shortcut.toUpperCase()].map((s) => ana.caller.savedReply.create({ shortcut: s, content: "x" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const removed = results.find((r) => r.status === "fulfilled");
    if (removed?.status !== "fulfilled") throw new Error("one save must succeed");
    // A removed reply frees its shortcut.
    await ana.caller.savedReply.remove({ id: removed.value.id });
    await expect(ana.caller.savedReply.create({ shortcut, content: "y" })).resolves.toMatchObject({ shortcut });
  });

  it("keep personal replies to their owner, with shortcuts unique per owner", async () => {
    const ana = await h.actor("soporte");
    const bruno = await h.actor("soporte");
    const shortcut = `firma-${Date.now()}`;
    const team = await ana.caller.savedReply.create({ shortcut, content: "Equipo de soporte" });
    const mine = await ana.caller.savedReply.create({ shortcut, content: "Ana, de soporte", personal: true });
    const his = await bruno.caller.savedReply.create({ shortcut: shortcut.toUpperCase(), content: "Bruno", personal: true });
    expect(mine.ownerUserId).toBe(ana.user.id);
    await expect(ana.caller.savedReply.create({ shortcut, content: "otra", personal: true })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(bruno.caller.savedReply.create({ shortcut, content: "otra" })).rejects.toMatchObject({ code: "CONFLICT" });

    const seenBy = async (caller: typeof ana.caller) =>
      (await caller.savedReply.list()).filter((reply) => reply.shortcut.toLowerCase() === shortcut).map((reply) => reply.id);
    expect(await seenBy(ana.caller)).toEqual([mine.id, team.id]);
    expect(await seenBy(bruno.caller)).toEqual([his.id, team.id]);
    // Another agent's personal reply does not exist for them.
    await expect(bruno.caller.savedReply.update({ id: mine.id, content: "mío" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bruno.caller.savedReply.remove({ id: mine.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bruno.caller.savedReply.update({ id: team.id, content: "Equipo" })).resolves.toMatchObject({ content: "Equipo" });
    await expect(ana.caller.savedReply.update({ id: mine.id, shortcut: `${shortcut}-2` })).resolves.toMatchObject({ ownerUserId: ana.user.id });
  });

  it.each([
    { shortcut: "", content: "x" },
    { shortcut: "con espacio", content: "x" },
    { shortcut: "ok", content: "   " },
    { shortcut: "a".repeat(41), content: "x" },
  ])("refuses %j and stores nothing", async (input) => {
    const ana = await h.actor("soporte");
    const before = (await ana.caller.savedReply.list()).length;
    await expect(ana.caller.savedReply.create(input)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await ana.caller.savedReply.list()).toHaveLength(before);
  });
});
