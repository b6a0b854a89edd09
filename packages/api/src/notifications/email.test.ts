/**
 * Emails about unread messages, end to end through the webhooks' relay and queue (the delivery rows
 * on PGlite, pg-boss on PostgreSQL) into a real SMTP server, parsed as a mail client would. The
 * relay runs only while a test waits for its outcome, so what it finds (three replies, a read
 * marker) was all written before it looked: no test depends on how fast anything runs.
 */
import type { User } from "@atiende/db";
import { agentPresence, and, auditLog, eq, notificationDeliveries } from "@atiende/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Caller } from "../../test/harness";
import { useHarness } from "../../test/harness";
import { outboxRunner } from "../../test/outbox";
import { startSmtpReceiver } from "../../test/smtp-receiver";
import { readUnsubscribeToken, updateNotificationSettings } from ".";
import { unsubscribeToken } from "./links";

const smtp = await startSmtpReceiver();
const h = useHarness({
  SMTP_URL: smtp.url,
  EMAIL_FROM: "Atiende <soporte@atiende.test>",
  SUPPORT_CHAT_EMAIL_DELAY_SECONDS: "0.5",
  NEXTAUTH_URL: "https://chat.atiende.test",
  ATIENDE_EMBED_ORIGINS: "https://empleos.example",
  WEBHOOK_RETRY_BASE_SECONDS: "0.2",
  // An agent marked online stays so for the whole file, however slow the machine.
  SUPPORT_CHAT_PRESENCE_GRACE_SECONDS: "3600",
});

let agent: { user: User; caller: Caller };
beforeAll(async () => {
  agent = await h.actor("soporte");
  // The relay starts after everything already in the log: let it settle its position once.
  await relayUntil(() => undefined);
}, 60_000);
afterAll(async () => {
  await smtp.close();
});

const relayUntil = outboxRunner(h);

const deliveriesOf = (userId: string, conversationId: string) =>
  h.handle.db
    .select()
    .from(notificationDeliveries)
    .where(and(eq(notificationDeliveries.userId, userId), eq(notificationDeliveries.conversationId, conversationId)));

/** Waits until every email opened for this person and conversation is settled. */
async function settled(userId: string, conversationId: string, count: number) {
  let rows: Awaited<ReturnType<typeof deliveriesOf>> = [];
  await relayUntil(async () => {
    rows = await deliveriesOf(userId, conversationId);
    expect(rows).toHaveLength(count);
    expect(rows.every((row) => row.status !== "pending")).toBe(true);
  });
  return rows;
}

describe.sequential("emails about unread replies", () => {
  it("three replies in the window make one email, in the candidate's language, with a link to the conversation", async () => {
    const candidate = await h.actor("candidato");
    await candidate.caller.notification.update({ locale: "en" });
    const conversation = await candidate.caller.conversation.create({ subject: "My application" });
    await candidate.caller.message.send({ conversationId: conversation.id, content: "Hello?" });
    for (const content of ["Hi! Looking into it.", "Found it: <b>approved</b>", "Anything else?"]) {
      await agent.caller.message.send({ conversationId: conversation.id, content });
    }
    await agent.caller.message.send({ conversationId: conversation.id, content: "NOTE-NOT-FOR-EMAIL", internal: true });

    const [delivery] = await settled(candidate.user.id, conversation.id, 1);
    expect(delivery).toMatchObject({ status: "sent", messageCount: 3 });
    const [mail, ...more] = smtp.to(candidate.user.email);
    expect(more).toHaveLength(0);
    expect(mail?.subject).toBe("You have 3 new replies from Support");
    expect(mail?.from?.text).toContain("soporte@atiende.test");
    const link = `https://chat.atiende.test/chat-soporte?conversation=${conversation.id}`;
    expect(mail?.text).toContain(`Open the conversation: ${link}`);
    expect(mail?.text).toContain(agent.user.name);
    expect(mail?.text).toContain("Found it: <b>approved</b>");
    expect(mail?.text).toContain("not by email");
    expect(mail?.text).not.toContain("NOTE-NOT-FOR-EMAIL");
    expect(mail?.text).not.toContain("Hello?");
    // The HTML shows people's text as text, and links to the same page.
    expect(mail?.html).toContain("Found it: &lt;b&gt;approved&lt;/b&gt;");
    expect(mail?.html).toContain(`href="${link}"`);
    expect(mail?.messageId).toBe(`<${delivery?.id}@notifications.atiende>`);
    const token = unsubscribeToken(candidate.user.id, h.services.config.auth.secret);
    expect(mail?.text).toContain(`https://chat.atiende.test/baja-correo?token=${token}`);
    // One-click unsubscribe in mail clients (RFC 8058).
    const lines = mail?.headerLines.map((header) => header.line) ?? [];
    expect(lines).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(lines.find((line) => line.startsWith("List-Unsubscribe:"))).toContain(`<https://chat.atiende.test/api/notifications/unsubscribe?token=${token}>`);

    // A later reply is the next window's: one more email, with that reply alone.
    await agent.caller.message.send({ conversationId: conversation.id, content: "One more thing" });
    await settled(candidate.user.id, conversation.id, 2);
    const second = smtp.to(candidate.user.email)[1];
    expect(second?.subject).toBe("You have a new reply from Support");
    expect(second?.text).toContain("One more thing");
    expect(second?.text).not.toContain("Anything else?");
  }, 90_000);

  it("nothing when the candidate read the replies in time", async () => {
    const candidate = await h.actor("candidato");
    const conversation = await candidate.caller.conversation.create({ subject: "Read in time" });
    await agent.caller.message.send({ conversationId: conversation.id, content: "Ready" });
    await candidate.caller.conversation.markRead({ id: conversation.id });

    const [delivery] = await settled(candidate.user.id, conversation.id, 1);
    expect(delivery).toMatchObject({ status: "skipped", error: "nothing unread" });
    expect(smtp.to(candidate.user.email)).toHaveLength(0);
  }, 60_000);

  it("nothing after opting out on the profile; the link in the email opts out too, audited", async () => {
    const candidate = await h.actor("candidato");
    expect(await candidate.caller.notification.settings()).toEqual({ emailEnabled: true, locale: "es" });
    await candidate.caller.notification.update({ emailEnabled: false });
    const conversation = await candidate.caller.conversation.create({ subject: "Opted out" });
    await agent.caller.message.send({ conversationId: conversation.id, content: "Hola" });

    const [delivery] = await settled(candidate.user.id, conversation.id, 1);
    expect(delivery).toMatchObject({ status: "skipped", error: "the recipient opted out" });
    expect(smtp.to(candidate.user.email)).toHaveLength(0);

    const other = await h.createUser("candidato");
    const secret = h.services.config.auth.secret;
    expect(readUnsubscribeToken(unsubscribeToken(other.id, secret), secret)).toBe(other.id);
    expect(readUnsubscribeToken(`${other.id}.forged`, secret)).toBeNull();
    expect(readUnsubscribeToken(unsubscribeToken(other.id, "another-secret-of-at-least-32-chars!!"), secret)).toBeNull();
    await updateNotificationSettings(h.handle.db, other.id, { emailEnabled: false }, null);
    const audits = await h.handle.db.select().from(auditLog).where(eq(auditLog.action, "notification.settings_changed"));
    expect(audits.map((a) => a.data)).toEqual(
      expect.arrayContaining([
        { userId: candidate.user.id, emailEnabled: false, via: "profile" },
        { userId: other.id, emailEnabled: false, via: "unsubscribe_link" },
      ]),
    );
    await expect(candidate.caller.notification.update({})).rejects.toMatchObject({ code: "BAD_REQUEST" });
  }, 60_000);

  it("a candidate from a host site is sent back to the host's page, in Spanish by default", async () => {
    const embedded = await h.createUser("candidato", { embedIdentity: JSON.stringify(["https://empleos.example", "u-42"]) });
    const caller = h.callerFor(embedded);
    const conversation = await caller.conversation.create({ subject: "Vacante 4521", context: { page: "/empleos/4521" } });
    await agent.caller.message.send({ conversationId: conversation.id, content: "Te ayudo" });
    await settled(embedded.id, conversation.id, 1);
    const [mail] = smtp.to(embedded.email);
    expect(mail?.subject).toBe("Tienes una respuesta nueva de Soporte");
    expect(mail?.text).toContain("Abrir la conversación: https://empleos.example/empleos/4521");
    expect(mail?.text).not.toContain("chat.atiende.test/chat-soporte");
    expect(mail?.text).toContain("no por correo");

    // A page on a site that is not a host is never linked.
    const elsewhere = await caller.conversation.create({ subject: "Otra", context: { page: "https://evil.example/phish" } });
    await agent.caller.message.send({ conversationId: elsewhere.id, content: "Hola" });
    await settled(embedded.id, elsewhere.id, 1);
    const last = smtp.to(embedded.email).at(-1);
    expect(last?.text).toContain("Ábrela en el sitio donde escribiste.");
    expect(last?.text).not.toContain("evil.example");
  }, 60_000);

  it("the assigned agent hears of a candidate's messages while away, not while online", async () => {
    const candidate = await h.actor("candidato");
    const conversation = await candidate.caller.conversation.create({ subject: "Para el agente" });
    await agent.caller.conversation.assign({ id: conversation.id, supportUserId: agent.user.id });
    await h.handle.db
      .insert(agentPresence)
      .values({ userId: agent.user.id, status: "away" })
      .onConflictDoUpdate({ target: agentPresence.userId, set: { status: "away" } });
    await candidate.caller.message.send({ conversationId: conversation.id, content: "¿Me ayudas?" });
    await candidate.caller.message.send({ conversationId: conversation.id, content: "Es urgente" });
    const [sent] = await settled(agent.user.id, conversation.id, 1);
    expect(sent).toMatchObject({ status: "sent", messageCount: 2 });
    const [mail] = smtp.to(agent.user.email);
    expect(mail?.subject).toBe(`2 mensajes nuevos de ${candidate.user.name}`);
    expect(mail?.text).toContain(`https://chat.atiende.test/support/communication?conversation=${conversation.id}`);

    await h.handle.db.update(agentPresence).set({ status: "online", lastSeenAt: new Date() }).where(eq(agentPresence.userId, agent.user.id));
    await candidate.caller.message.send({ conversationId: conversation.id, content: "¿Sigues ahí?" });
    const rows = await settled(agent.user.id, conversation.id, 2);
    expect(rows.find((row) => row.id !== sent?.id)).toMatchObject({ status: "skipped", error: "the agent is online" });
    expect(smtp.to(agent.user.email)).toHaveLength(1);
  }, 60_000);
});
