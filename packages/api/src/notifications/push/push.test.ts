/**
 * Web Push end to end through the webhooks' relay and queue (the delivery rows on PGlite, pg-boss
 * on PostgreSQL) into a push service started here over HTTPS, which decrypts every push with the
 * device's own keys and checks its VAPID signature as a real one would. The relay runs only while a
 * test waits for its outcome, so what it finds was all written before it looked.
 */
import type { User } from "@atiende/db";
import {
  agentPresence,
  and,
  auditLog,
  eq,
  isNull,
  pushDeliveries,
  pushSubscriptions,
  sql,
  webPushKeys,
} from "@atiende/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createLogger } from "../../log";
import type { Caller } from "../../../test/harness";
import { useHarness } from "../../../test/harness";
import { outboxRunner } from "../../../test/outbox";
import type { Device } from "../../../test/push-service";
import { decryptPush, startPushService, verifyVapid } from "../../../test/push-service";
import { createDeliveryQueue } from "../../webhooks";
import { attemptPush } from "./attempt";
import { vapidKeys } from "./keys";
import { MAX_DEVICES } from "./subscriptions";

const service = await startPushService((path) => (path.startsWith("/push/expired") ? 410 : 201));
const h = useHarness({
  NEXTAUTH_URL: "https://chat.atiende.test",
  WEB_PUSH_SUBJECT: "mailto:soporte@atiende.test",
  WEB_PUSH_DELAY_SECONDS: "0",
  // The push service is on 127.0.0.1.
  WEBHOOK_ALLOW_PRIVATE: "true",
  WEBHOOK_RETRY_BASE_SECONDS: "0.2",
  SUPPORT_CHAT_PRESENCE_GRACE_SECONDS: "3600",
});
const log = createLogger({ level: "silent" });

let agent: { user: User; caller: Caller };
beforeAll(async () => {
  agent = await h.actor("soporte");
  await relayUntil(() => undefined);
}, 60_000);
afterAll(async () => {
  await service.close();
});

const relayUntil = outboxRunner(h, { pushCa: service.ca });

/** Waits until `count` pushes exist for this person and conversation, all settled. */
async function settled(userId: string, conversationId: string, count: number) {
  const rows = () =>
    h.handle.db
      .select()
      .from(pushDeliveries)
      .where(
        and(eq(pushDeliveries.userId, userId), eq(pushDeliveries.conversationId, conversationId)),
      );
  let found: Awaited<ReturnType<typeof rows>> = [];
  await relayUntil(async () => {
    found = await rows();
    expect(found).toHaveLength(count);
    expect(found.every((row) => row.status !== "pending")).toBe(true);
  });
  return found;
}

const subscribe = (caller: Caller, device: Device, label = "Chrome en Linux") =>
  caller.notification.subscribePush({ endpoint: device.endpoint, keys: device.keys, label });

/** The one push this device got, decrypted and its VAPID checked. */
async function onlyPush(device: Device) {
  const [push, ...more] = service.to(device);
  expect(more).toHaveLength(0);
  if (!push) throw new Error("no push arrived");
  expect(push.headers["content-encoding"]).toBe("aes128gcm");
  expect(Number(push.headers.ttl)).toBeGreaterThan(0);
  const vapid = verifyVapid(push.headers.authorization ?? "", device.endpoint);
  expect(vapid.sub).toBe("mailto:soporte@atiende.test");
  expect(vapid.publicKey).toBe((await agent.caller.notification.pushKey()).publicKey);
  return JSON.parse(decryptPush(device, push.body)) as {
    title: string;
    body: string;
    url: string;
    tag: string;
  };
}

describe.sequential("Web Push", () => {
  it("the VAPID pair is generated once: instances racing for it all sign with the same one", async () => {
    const config = h.services.config.notifications.push;
    expect(await h.handle.db.select().from(webPushKeys)).toHaveLength(0);
    // Each transaction stands for another instance (its own cache), both trying to create the pair.
    const raced = await Promise.all(
      [0, 1, 2].map(() => h.handle.db.transaction((tx) => vapidKeys(tx, config))),
    );
    const published = (await agent.caller.notification.pushKey()).publicKey;
    expect(raced.map((keys) => keys.publicKey)).toEqual([published, published, published]);
    expect(new Set(raced.map((keys) => keys.privateKey)).size).toBe(1);
    expect(await h.handle.db.select().from(webPushKeys)).toHaveLength(1);
  });

  it("a reply goes to each of the candidate's devices, encrypted for each, in their language; notes never", async () => {
    const candidate = await h.actor("candidato");
    await candidate.caller.notification.update({ locale: "en" });
    const [laptop, phone] = [service.device("laptop"), service.device("phone")];
    await subscribe(candidate.caller, laptop);
    await subscribe(candidate.caller, phone, "Firefox en Android");
    const conversation = await candidate.caller.conversation.create({ subject: "My application" });
    await candidate.caller.message.send({ conversationId: conversation.id, content: "Hello?" });
    await agent.caller.message.send({
      conversationId: conversation.id,
      content: "NOTE-NOT-FOR-PUSH",
      internal: true,
    });
    const long = `Your application is approved. ${"More details follow. ".repeat(20)}`;
    await agent.caller.message.send({ conversationId: conversation.id, content: long });

    const rows = await settled(candidate.user.id, conversation.id, 2);
    expect(rows.map((row) => row.status)).toEqual(["sent", "sent"]);
    for (const device of [laptop, phone]) {
      const payload = await onlyPush(device);
      expect(payload.title).toBe(`${agent.user.name} replied`);
      expect(payload.body.startsWith("Your application is approved.")).toBe(true);
      expect(payload.body.length).toBeLessThanOrEqual(140);
      expect(payload.body.endsWith("…")).toBe(true);
      expect(payload.url).toBe(`/chat-soporte?conversation=${conversation.id}`);
      expect(payload.tag).toBe(`conversation-${conversation.id}`);
    }
    expect(service.received.some((r) => r.body.includes(Buffer.from("NOTE-NOT-FOR-PUSH")))).toBe(
      false,
    );

    // A copy of a job already worked (a redelivery by the queue) sends nothing more.
    const config = h.services.config;
    const queue = createDeliveryQueue({ db: h.handle.db, config: config.webhooks, log });
    for (const row of rows)
      await attemptPush(
        { db: h.handle.db, config, queue, ca: service.ca },
        { deliveryId: row.id, attempt: 1, kind: "push" },
      );
    expect(service.to(laptop)).toHaveLength(1);
    expect(service.to(phone)).toHaveLength(1);
  }, 90_000);

  it("nothing to a device turned off, nor when the reply was read in time; the switch is audited", async () => {
    const candidate = await h.actor("candidato");
    const [off, on] = [service.device("off"), service.device("on")];
    await subscribe(candidate.caller, off);
    await subscribe(candidate.caller, on);
    expect(await candidate.caller.notification.unsubscribePush({ endpoint: off.endpoint })).toEqual(
      { removed: true },
    );
    const conversation = await candidate.caller.conversation.create({ subject: "Apagado" });
    await agent.caller.message.send({ conversationId: conversation.id, content: "Hola" });
    const [sent] = await settled(candidate.user.id, conversation.id, 1);
    expect(sent).toMatchObject({ status: "sent" });
    expect(service.to(off)).toHaveLength(0);
    expect((await onlyPush(on)).title).toBe(`${agent.user.name} te respondió`);

    await agent.caller.message.send({ conversationId: conversation.id, content: "¿Algo más?" });
    await candidate.caller.conversation.markRead({ id: conversation.id });
    const rows = await settled(candidate.user.id, conversation.id, 2);
    expect(rows.find((row) => row.id !== sent?.id)).toMatchObject({
      status: "skipped",
      error: "read in time",
    });
    expect(service.to(on)).toHaveLength(1);

    const audits = await h.handle.db
      .select()
      .from(auditLog)
      .where(
        sql`${auditLog.action} like 'notification.push_%' and ${auditLog.data}->>'userId' = ${candidate.user.id}`,
      );
    expect(audits.map((a) => [a.action, a.data.via ?? null, a.actorUserId])).toEqual(
      expect.arrayContaining([
        ["notification.push_subscribed", null, candidate.user.id],
        ["notification.push_unsubscribed", "profile", candidate.user.id],
      ]),
    );
    // The endpoint is a capability: it is never written into the audit log.
    expect(JSON.stringify(audits)).not.toContain(off.endpoint);
  }, 90_000);

  it("410 from the push service removes the subscription (softly, audited); no retry", async () => {
    const candidate = await h.actor("candidato");
    const expired = service.device("expired");
    await subscribe(candidate.caller, expired);
    const conversation = await candidate.caller.conversation.create({ subject: "Caducada" });
    await agent.caller.message.send({ conversationId: conversation.id, content: "Hola" });
    const [row] = await settled(candidate.user.id, conversation.id, 1);
    expect(row).toMatchObject({ status: "failed", responseStatus: 410, attempts: 1 });
    const [subscription] = await h.handle.db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.endpoint, expired.endpoint));
    expect(subscription?.deletedAt).toBeInstanceOf(Date);
    const [audit] = await h.handle.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, "notification.push_unsubscribed"),
          sql`${auditLog.data}->>'subscriptionId' = ${subscription?.id ?? ""}`,
        ),
      );
    expect(audit).toMatchObject({ actorUserId: null, data: { via: "push_service", status: 410 } });

    // Nothing more is opened for it: a new device of theirs hears of the next reply, it does not.
    const renewed = service.device("renewed");
    await subscribe(candidate.caller, renewed);
    await agent.caller.message.send({ conversationId: conversation.id, content: "¿Sigues?" });
    const rows = await settled(candidate.user.id, conversation.id, 2);
    expect(rows.filter((r) => r.subscriptionId === subscription?.id)).toHaveLength(1);
    expect((await onlyPush(renewed)).body).toBe("¿Sigues?");
    expect(service.to(expired)).toHaveLength(1);
  }, 90_000);

  it("the assigned agent gets a candidate's message when no console of theirs is open", async () => {
    const candidate = await h.actor("candidato");
    const desk = service.device("desk");
    await subscribe(agent.caller, desk);
    const conversation = await candidate.caller.conversation.create({ subject: "Para el agente" });
    await agent.caller.conversation.assign({ id: conversation.id, supportUserId: agent.user.id });
    await h.handle.db.delete(agentPresence).where(eq(agentPresence.userId, agent.user.id));
    await candidate.caller.message.send({
      conversationId: conversation.id,
      content: "¿Me ayudas?",
    });
    const [sent] = await settled(agent.user.id, conversation.id, 1);
    expect(sent).toMatchObject({ status: "sent" });
    const payload = await onlyPush(desk);
    expect(payload).toMatchObject({
      title: `${candidate.user.name} escribió`,
      body: "¿Me ayudas?",
      url: `/support/communication?conversation=${conversation.id}`,
    });

    // A console open (away or not) tells them itself.
    await h.handle.db
      .insert(agentPresence)
      .values({ userId: agent.user.id, status: "away", lastSeenAt: new Date() });
    await candidate.caller.message.send({
      conversationId: conversation.id,
      content: "¿Sigues ahí?",
    });
    const rows = await settled(agent.user.id, conversation.id, 2);
    expect(rows.find((row) => row.id !== sent?.id)).toMatchObject({
      status: "skipped",
      error: "a console of theirs is open",
    });
    expect(service.to(desk)).toHaveLength(1);
  }, 90_000);

  it("subscriptions: https only, bounded, and a person can only turn off their own", async () => {
    const [a, b] = [await h.actor("candidato"), await h.actor("candidato")];
    const device = service.device("shared");
    await expect(
      a.caller.notification.subscribePush({
        ...device,
        endpoint: device.endpoint.replace("https:", "http:"),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      a.caller.notification.subscribePush({
        endpoint: device.endpoint,
        keys: { p256dh: "x", auth: device.keys.auth },
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await subscribe(a.caller, device);
    expect(await b.caller.notification.unsubscribePush({ endpoint: device.endpoint })).toEqual({
      removed: false,
    });
    const [row] = await h.handle.db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.endpoint, device.endpoint));
    expect(row).toMatchObject({ userId: a.user.id, deletedAt: null });
    // The same browser signed in as someone else: it is theirs now (only that browser knows the endpoint).
    await subscribe(b.caller, device);
    const [moved] = await h.handle.db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.endpoint, device.endpoint));
    expect(moved).toMatchObject({ userId: b.user.id, deletedAt: null });

    // At most MAX_DEVICES live devices each: one more drops the least recently used, audited.
    const many = Array.from({ length: MAX_DEVICES }, (_, i) => service.device(`many-${i}`));
    for (const each of many) await subscribe(a.caller, each);
    const live = await h.handle.db
      .select({ endpoint: pushSubscriptions.endpoint })
      .from(pushSubscriptions)
      .where(and(eq(pushSubscriptions.userId, a.user.id), isNull(pushSubscriptions.deletedAt)));
    expect(live.map((row) => row.endpoint).sort()).toEqual(
      many
        .slice(0, MAX_DEVICES)
        .map((d) => d.endpoint)
        .sort(),
    );
    const dropped = await subscribe(a.caller, service.device("one-more"));
    const after = await h.handle.db
      .select({ id: pushSubscriptions.id })
      .from(pushSubscriptions)
      .where(and(eq(pushSubscriptions.userId, a.user.id), isNull(pushSubscriptions.deletedAt)));
    expect(after).toHaveLength(MAX_DEVICES);
    expect(after.map((row) => row.id)).toContain(dropped.id);
    const [limitAudit] = await h.handle.db
      .select()
      .from(auditLog)
      .where(
        sql`${auditLog.data}->>'via' = 'device_limit' and ${auditLog.data}->>'userId' = ${a.user.id}`,
      );
    expect(limitAudit).toBeDefined();
  }, 30_000);
});
