/**
 * The automatic answer outside business hours, end to end through the webhooks' relay and queue
 * (the delivery rows on PGlite, pg-boss on PostgreSQL) and the ordinary send path, at a clock the
 * test sets. The relay runs only while a test waits for it to settle, so it finds everything the
 * test wrote before.
 */
import { and, auditLog, autoReplies, eq, sql, selectRows, supportConversations, supportMessages, users } from "@atiende/db";
import { beforeAll, describe, expect, it } from "vitest";

import { createLogger } from "../../log";
import { updateNotificationSettings } from "../../notifications";
import type { Caller } from "../../../test/harness";
import { useHarness } from "../../../test/harness";
import { eventually } from "../../../test/wait";
import { createDeliveryQueue, startWebhooks } from "../../webhooks";
import { createAutoReplies } from "./auto-reply";

const h = useHarness({ WEBHOOK_RETRY_BASE_SECONDS: "0.2" });
const log = createLogger({ level: "silent" });

// Madrid, Monday to Friday 09:00–18:00.
const weekly = [null, ...Array.from({ length: 5 }, () => ({ from: "09:00", to: "18:00" })), null];
const INSIDE = new Date("2026-12-07T09:00:00Z"); // Monday 10:00
const MONDAY_NIGHT = new Date("2026-12-07T19:00:00Z"); // Monday 20:00: back Tuesday 09:00
const TUESDAY_NIGHT = new Date("2026-12-08T21:00:00Z"); // Tuesday 22:00: back Wednesday 09:00
const ES = "Estamos fuera de horario: te respondemos en cuanto volvamos.";
const EN = "We are closed right now: we will answer as soon as we are back.";

let clock = INSIDE;
let admin: Caller;
let agent: Caller;

const autoReply = (enabled: boolean) => ({ enabled, es: ES, en: EN });
const setHours = (enabled: boolean) =>
  admin.businessHours.set({ enabled: true, timeZone: "Europe/Madrid", weekly, closedDays: [], autoReply: autoReply(enabled) });

/** Runs `instances` relays and queues, as that many app instances do, until all is settled. */
async function settle(instances = 1) {
  const { db, url } = h.handle;
  const runtimes = await Promise.all(
    Array.from({ length: instances }, () => {
      const queue = createDeliveryQueue({ db, databaseUrl: url, config: h.services.config.webhooks, log });
      const autoReplies = createAutoReplies({ services: h.services, queue, now: () => clock });
      const { bus, sequencer } = h.services;
      return startWebhooks({ db, config: h.services.config.webhooks, queue, bus, sequencer, log, autoReplies });
    }),
  );
  try {
    await eventually(async () => {
      // Every audit row relayed (the answers' own included) and no answer still due.
      const [left] = await selectRows<{ unrelayed: number; pending: number }>(
        db,
        sql`select
          (select count(*)::int from audit_log a, webhook_relay r
            where a.conversation_id is not null and (a.feed_seq is null or a.feed_seq > r.feed_seq)) as unrelayed,
          (select count(*)::int from auto_replies where status = 'pending') as pending`,
      );
      expect(left).toEqual({ unrelayed: 0, pending: 0 });
    }, 30_000);
  } finally {
    await Promise.all(runtimes.map((runtime) => runtime.stop()));
  }
}

const answersIn = (conversationId: string) =>
  h.handle.db
    .select()
    .from(supportMessages)
    .where(and(eq(supportMessages.conversationId, conversationId), eq(supportMessages.messageType, "auto_reply")))
    .orderBy(supportMessages.createdAt);

async function conversationOf(candidate: Caller, ...contents: string[]) {
  const conversation = await candidate.conversation.create({ subject: "Mi postulación" });
  for (const content of contents) await candidate.message.send({ conversationId: conversation.id, content });
  return conversation.id;
}

beforeAll(async () => {
  admin = (await h.actor("admin")).caller;
  agent = (await h.actor("soporte")).caller;
  // The relay starts after everything already in the log: let it settle its position once.
  await settle();
}, 60_000);

describe.sequential("the automatic answer outside business hours", () => {
  it("is off by default and stays off inside business hours", async () => {
    expect((await admin.businessHours.get()).autoReply).toEqual({ enabled: false, es: "", en: "" });
    clock = MONDAY_NIGHT;
    const before = (await h.actor("candidato")).caller;
    const offId = await conversationOf(before, "¿Hay alguien?");
    await settle();
    expect(await answersIn(offId)).toEqual([]);

    const saved = await setHours(true);
    expect(saved.autoReply).toEqual(autoReply(true));
    clock = INSIDE;
    const candidate = (await h.actor("candidato")).caller;
    const id = await conversationOf(candidate, "Hola", "¿Me ayudan?");
    await settle();
    expect(await answersIn(id)).toEqual([]);
  });

  it("answers once per closed period, as an automatic message that is no first response", async () => {
    clock = MONDAY_NIGHT;
    const candidate = (await h.actor("candidato")).caller;
    const id = await conversationOf(candidate, "Hola, ¿siguen ahí?");
    await settle();
    await candidate.message.send({ conversationId: id, content: "¿Hola?" });
    await candidate.message.send({ conversationId: id, content: "Escribo de nuevo" });
    await settle();

    const [answer, ...more] = await answersIn(id);
    expect(more).toEqual([]);
    expect(answer).toMatchObject({ content: ES, clientMessageId: "business-hours:2026-12-08T08:00:00.000Z" });
    // Sent by the system account: no chat role, disabled, no password; audited as any message.
    const [sender] = await h.handle.db.select().from(users).where(eq(users.id, answer?.senderUserId ?? ""));
    expect(sender).toMatchObject({ role: "sistema", passwordHash: null });
    expect(sender?.disabledAt).toBeInstanceOf(Date);
    const audits = await h.handle.db.select().from(auditLog).where(eq(auditLog.messageId, answer?.id ?? ""));
    expect(audits).toMatchObject([{ action: "message.created", actorUserId: sender?.id }]);
    // The candidate sees it in their chat, marked automatic.
    const seen = await candidate.message.list({ conversationId: id });
    expect(seen.items.filter((m) => m.messageType === "auto_reply")).toHaveLength(1);

    // Not a first response: the clock still runs until a person answers.
    const [before] = await h.handle.db.select().from(supportConversations).where(eq(supportConversations.id, id));
    expect(before?.firstResponseAt).toBeNull();
    const reply = await agent.message.send({ conversationId: id, content: "Buenos días, aquí estamos" });
    const [after] = await h.handle.db.select().from(supportConversations).where(eq(supportConversations.id, id));
    expect(after?.firstResponseAt).toEqual(reply.createdAt);

    // The next closed period answers again, once.
    clock = TUESDAY_NIGHT;
    await candidate.message.send({ conversationId: id, content: "Otra pregunta" });
    await candidate.message.send({ conversationId: id, content: "Y otra más" });
    await settle();
    expect((await answersIn(id)).map((m) => m.clientMessageId)).toEqual([
      "business-hours:2026-12-08T08:00:00.000Z",
      "business-hours:2026-12-09T08:00:00.000Z",
    ]);
  });

  it("answers in the candidate's language", async () => {
    clock = MONDAY_NIGHT;
    const { user, caller } = await h.actor("candidato");
    await updateNotificationSettings(h.handle.db, user.id, { locale: "en" }, user.id);
    const id = await conversationOf(caller, "Hello?");
    await settle();
    expect((await answersIn(id)).map((m) => m.content)).toEqual([EN]);
  });

  it("is never posted twice by two instances", async () => {
    clock = MONDAY_NIGHT;
    const candidates = await Promise.all([h.actor("candidato"), h.actor("candidato")]);
    const ids = await Promise.all(candidates.map(({ caller }) => conversationOf(caller, "Uno", "Dos", "Tres")));
    await settle(2);
    for (const id of ids) expect(await answersIn(id)).toHaveLength(1);

    // One job worked by two instances at once (a pg-boss job expired while its first run went on).
    const candidate = (await h.actor("candidato")).caller;
    const id = await conversationOf(candidate);
    const [message] = await h.handle.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.conversationId, id));
    const [reply] = await h.handle.db
      .insert(autoReplies)
      .values({ conversationId: id, period: "2026-12-08T08:00:00.000Z", auditId: message?.id ?? "" })
      .returning();
    const queue = createDeliveryQueue({ db: h.handle.db, config: h.services.config.webhooks, log });
    const instances = [0, 1].map(() => createAutoReplies({ services: h.services, queue, now: () => clock }));
    await Promise.all(instances.map((instance) => instance.attempt({ deliveryId: reply?.id ?? "", attempt: 1, kind: "auto_reply" })));
    expect(await answersIn(id)).toHaveLength(1);
    const [done] = await h.handle.db.select().from(autoReplies).where(eq(autoReplies.id, reply?.id ?? ""));
    expect(done).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("is never posted when turned off", async () => {
    await setHours(false);
    clock = TUESDAY_NIGHT;
    const candidate = (await h.actor("candidato")).caller;
    const id = await conversationOf(candidate, "¿Hola?");
    await settle();
    expect(await answersIn(id)).toEqual([]);
  });

  it("refuses an answer turned on without its Spanish text, and stores nothing", async () => {
    await expect(
      admin.businessHours.set({ enabled: true, timeZone: "UTC", weekly, closedDays: [], autoReply: { enabled: true, es: " ", en: EN } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await admin.businessHours.get()).schedule.timeZone).toBe("Europe/Madrid");
  });
});

