import { auditLog, eq, supportConversationLabels } from "@atiende/db";
import { describe, expect, it } from "vitest";

import { useHarness } from "../../../test/harness";

const h = useHarness();

describe("labels", () => {
  it("are defined by admins, put on and taken off by staff, audited, and never deleted", async () => {
    const admin = await h.actor("admin");
    const agent = await h.actor("soporte");
    const candidate = await h.actor("candidato");
    const name = `Pagos ${Date.now()}`;
    const label = await admin.caller.label.create({ name, color: "amber" });
    await expect(admin.caller.label.create({ name: name.toUpperCase(), color: "red" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(agent.caller.label.create({ name: "Otra", color: "red" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await agent.caller.label.list()).map((l) => l.id)).toContain(label.id);

    const conversation = await candidate.caller.conversation.create({ subject: "Mi pago" });
    const other = await candidate.caller.conversation.create({ subject: "Otra cosa" });
    const labelled = await agent.caller.label.attach({ conversationId: conversation.id, labelId: label.id });
    expect(labelled.labels).toEqual([{ id: label.id, name, color: "amber" }]);
    // Twice changes nothing; the candidate never sees the team's labels.
    await agent.caller.label.attach({ conversationId: conversation.id, labelId: label.id });
    expect((await candidate.caller.conversation.get({ id: conversation.id })).labels).toEqual([]);

    const inbox = await agent.caller.conversation.list({ labelId: label.id });
    expect(inbox.items.map((c) => c.id)).toEqual([conversation.id]);
    expect((await candidate.caller.conversation.list({ labelId: label.id })).items.map((c) => c.id).sort()).toEqual(
      [conversation.id, other.id].sort(),
    );

    await agent.caller.label.detach({ conversationId: conversation.id, labelId: label.id });
    expect((await agent.caller.conversation.get({ id: conversation.id })).labels).toEqual([]);
    expect((await agent.caller.conversation.list({ labelId: label.id })).items).toEqual([]);
    await agent.caller.label.attach({ conversationId: conversation.id, labelId: label.id });
    const rows = await h.handle.db.select().from(supportConversationLabels).where(eq(supportConversationLabels.conversationId, conversation.id));
    expect(rows.map((row) => row.removedAt === null).sort()).toEqual([false, true]);

    const trail = await h.handle.db
      .select({ action: auditLog.action, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(eq(auditLog.conversationId, conversation.id))
      .orderBy(auditLog.seq);
    expect(trail.filter((row) => row.action.startsWith("conversation.label"))).toEqual([
      { action: "conversation.label_added", actor: agent.user.id },
      { action: "conversation.label_removed", actor: agent.user.id },
      { action: "conversation.label_added", actor: agent.user.id },
    ]);

    // Renamed and recoloured, then removed: it leaves every conversation and list.
    await admin.caller.label.update({ id: label.id, name: `${name} y facturas`, color: "green" });
    expect((await agent.caller.conversation.get({ id: conversation.id })).labels).toMatchObject([{ color: "green" }]);
    await admin.caller.label.remove({ id: label.id });
    expect((await agent.caller.conversation.get({ id: conversation.id })).labels).toEqual([]);
    await expect(agent.caller.label.attach({ conversationId: other.id, labelId: label.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("break the metrics down by topic", async () => {
    const admin = await h.actor("admin");
    const candidate = await h.actor("candidato");
    const cv = await admin.caller.label.create({ name: `CV ${Date.now()}`, color: "blue" });
    const first = await candidate.caller.conversation.create({});
    const second = await candidate.caller.conversation.create({});
    for (const { id } of [first, second]) await admin.caller.label.attach({ conversationId: id, labelId: cv.id });
    await admin.caller.conversation.setStatus({ id: first.id, status: "resolved" });
    const today = new Date().toISOString().slice(0, 10);
    const { labels } = await admin.caller.metrics.byLabel({ from: today, to: today, timeZone: "UTC" });
    expect(labels.find((l) => l.labelId === cv.id)).toEqual({
      labelId: cv.id,
      name: cv.name,
      color: "blue",
      created: 2,
      resolvedOrClosed: 1,
      resolutionRate: 0.5,
      openBacklog: 1,
    });
  });

  it.each([{ name: "", color: "red" }, { name: "x".repeat(41), color: "red" }, { name: "Ok", color: "marrón" }])(
    "refuses %j and stores nothing",
    async (input) => {
      const admin = await h.actor("admin");
      const before = (await admin.caller.label.list()).length;
      await expect(admin.caller.label.create(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
      expect(await admin.caller.label.list()).toHaveLength(before);
    },
  );
});
