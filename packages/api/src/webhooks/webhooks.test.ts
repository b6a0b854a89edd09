/**
 * Webhooks end to end in one process, on PGlite (the delivery rows as the queue) and on PostgreSQL
 * (pg-boss), against real HTTP receivers: what goes out, signed; what never does (notes,
 * rolled-back and refused changes); retries with the same delivery id; the log; redelivery; the
 * address and redirect rules.
 */
import { createServer } from "node:http";

import type { User } from "@atiende/db";
import { eq, webhookDeliveries } from "@atiende/db";
import { afterAll, beforeAll, expect, it } from "vitest";

import { recordConversationEvent } from "../domain/audit";
import { createLogger } from "../log";
import { createCaller } from "../root";
import type { Caller } from "../../test/harness";
import { useHarness } from "../../test/harness";
import type { Answer, Received } from "../../test/webhook-receiver";
import { startReceiver } from "../../test/webhook-receiver";
import { eventually, sleep } from "../../test/wait";
import { createInnerContext } from "../trpc";
import type { WebhookPayload } from "./payload";
import { webhookPayloadSchemas } from "./schemas";
import { sendDelivery } from "./send";
import type { WebhookRuntime } from "./service";
import { createDeliveryQueue, startWebhooks } from "./service";
import { verifySignature } from "./signature";

const h = useHarness({
  WEBHOOK_ALLOW_PRIVATE: "true",
  WEBHOOK_TIMEOUT_SECONDS: "1",
  WEBHOOK_RETRY_BASE_SECONDS: "0.2",
  WEBHOOK_MAX_ATTEMPTS: "3",
});
const log = createLogger({ level: "silent" });

let runtime: WebhookRuntime;
let admin: Caller;
let candidate: { user: User; caller: Caller };
let agent: { user: User; caller: Caller };
beforeAll(async () => {
  const config = h.services.config.webhooks;
  const queue = createDeliveryQueue({ db: h.handle.db, databaseUrl: h.handle.url, config, log });
  const services = { ...h.services, webhookQueue: queue };
  runtime = await startWebhooks({ db: h.handle.db, bus: h.services.bus, sequencer: h.services.sequencer, config, queue, log });
  admin = createCaller(createInnerContext(services, await h.createUser("admin")));
  candidate = await h.actor("candidato");
  agent = await h.actor("soporte");
}, 60_000);
afterAll(async () => {
  await runtime?.stop();
}, 30_000);

const payloadOf = (received: Received) => JSON.parse(received.body) as WebhookPayload;
const about = (conversationId: string) => (received: Received) =>
  (payloadOf(received).data.conversation as { id: string }).id === conversationId;

/** A receiver with an endpoint subscribed to `events` (all by default). */
async function endpoint(answer?: (request: Received, index: number) => Answer, events?: string[]) {
  const receiver = await startReceiver(answer);
  const created = await admin.webhook.create({
    url: receiver.url(),
    events: (events ?? ["conversation.created", "conversation.updated", "conversation.rated", "message.created", "message.updated"]) as never,
  });
  // Removed after its test, so later tests' events do not pile up on a closed receiver.
  const done = async () => {
    await admin.webhook.remove({ id: created.id });
    await receiver.close();
  };
  return { receiver, created, done };
}

it("sends every event once, signed, with notes left out", async () => {
  const { receiver, created, done } = await endpoint();
  const conversation = await candidate.caller.conversation.create({ subject: "Mi postulación" });
  const mine = about(conversation.id);
  const sent = await candidate.caller.message.send({ conversationId: conversation.id, content: "Hola" });
  // Payloads show things as the relay finds them: let it read the message before it is edited.
  await eventually(() => expect(receiver.received.filter(mine).map((r) => r.event)).toContain("message.created"), 20_000);
  await agent.caller.message.send({ conversationId: conversation.id, content: "NOTA-SECRETA", internal: true });
  await agent.caller.conversation.assign({ id: conversation.id, supportUserId: agent.user.id });
  await agent.caller.conversation.setPriority({ id: conversation.id, priority: "high" });
  await candidate.caller.message.edit({ id: sent.id, content: "Hola, buenas" });
  await agent.caller.conversation.setStatus({ id: conversation.id, status: "resolved" });
  await candidate.caller.conversation.rate({ id: conversation.id, score: 4, comment: "Bien" });

  const expected = ["conversation.created", "message.created", "conversation.updated", "conversation.updated", "message.updated", "conversation.updated", "conversation.rated"];
  // Deliveries run in parallel and may arrive in any order; the events' times tell the order.
  const got = await eventually(() => {
    const list = receiver.received.filter(mine);
    expect(list).toHaveLength(expected.length);
    return list.sort((a, b) => payloadOf(a).createdAt.localeCompare(payloadOf(b).createdAt));
  }, 20_000);
  expect(got.map((r) => r.event)).toEqual(expected);
  expect(got.every((r) => verifySignature(created.secret, r.signature, r.body))).toBe(true);
  expect(verifySignature("otro-secreto-cualquiera", got[0]?.signature ?? "", got[0]?.body ?? "")).toBe(false);
  expect(new Set(got.map((r) => r.deliveryId)).size).toBe(expected.length);
  expect(got.some((r) => r.body.includes("NOTA-SECRETA"))).toBe(false);

  const bodies = got.map(payloadOf);
  // What the OpenAPI document promises, field for field (strict: nothing undocumented either).
  for (const body of bodies) expect(() => webhookPayloadSchemas[body.type].parse(body)).not.toThrow();
  expect(bodies.map((b) => b.type)).toEqual(got.map((r) => r.event));
  expect(bodies[1]?.data.message).toMatchObject({ id: sent.id, content: "Hola", type: "text" });
  expect(bodies[2]?.data.changes).toEqual({ assignedSupportUserId: { from: null, to: agent.user.id } });
  expect(bodies[3]?.data.changes).toEqual({ priority: { from: "normal", to: "high" } });
  expect(bodies[4]?.data.message).toMatchObject({ content: "Hola, buenas" });
  expect(bodies[5]?.data.conversation).toMatchObject({ status: "resolved", priority: "high" });
  expect(bodies[6]?.data.rating).toEqual({ score: 4, comment: "Bien" });

  // Nothing arrives twice, even after a while.
  await sleep(1500);
  expect(receiver.received.filter(mine)).toHaveLength(expected.length);
  await done();
}, 40_000);

it("sends a label put on and taken off, with the label as it was and who did it", async () => {
  const { receiver, created, done } = await endpoint(undefined, ["conversation.labeled", "conversation.unlabeled"]);
  const label = await admin.label.create({ name: `Entrevistas ${Date.now()}`, color: "teal" });
  const conversation = await candidate.caller.conversation.create({ subject: "Mi entrevista", context: { vacante: "Cocinero", id: 42 } });
  const mine = about(conversation.id);
  await agent.caller.label.attach({ conversationId: conversation.id, labelId: label.id });
  // Put on once: a second attach changes nothing and sends nothing.
  await agent.caller.label.attach({ conversationId: conversation.id, labelId: label.id });
  await eventually(() => expect(receiver.received.filter(mine)).toHaveLength(1), 20_000);
  // Renamed afterwards: the next event names it anew, the first stays as it was.
  await admin.label.update({ id: label.id, color: "pink" });
  await agent.caller.label.detach({ conversationId: conversation.id, labelId: label.id });

  const got = await eventually(() => {
    const list = receiver.received.filter(mine);
    expect(list).toHaveLength(2);
    return list.sort((a, b) => payloadOf(a).createdAt.localeCompare(payloadOf(b).createdAt));
  }, 20_000);
  expect(got.map((r) => r.event)).toEqual(["conversation.labeled", "conversation.unlabeled"]);
  expect(got.every((r) => verifySignature(created.secret, r.signature, r.body))).toBe(true);
  const bodies = got.map(payloadOf);
  for (const body of bodies) expect(() => webhookPayloadSchemas[body.type].parse(body)).not.toThrow();
  expect(bodies[0]?.data).toMatchObject({
    conversation: { id: conversation.id, subject: "Mi entrevista", context: { vacante: "Cocinero", id: 42 } },
    label: { id: label.id, name: label.name, color: "teal" },
    actorUserId: agent.user.id,
  });
  expect(bodies[1]?.data).toMatchObject({ label: { id: label.id, color: "pink" }, actorUserId: agent.user.id });
  await done();
}, 40_000);

it("a rolled-back change and a refused send deliver nothing", async () => {
  const { receiver, done } = await endpoint();
  const conversation = await candidate.caller.conversation.create({});
  const mine = about(conversation.id);
  await expect(
    h.handle.db.transaction(async (tx) => {
      await recordConversationEvent(tx, { conversationId: conversation.id, actorUserId: agent.user.id, action: "conversation.priority_changed", data: { priority: { from: "normal", to: "low" } } }, { priority: "low" });
      throw new Error("rolled back on purpose");
    }),
  ).rejects.toThrow("rolled back on purpose");
  await expect(candidate.caller.message.send({ conversationId: conversation.id, content: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  await candidate.caller.message.send({ conversationId: conversation.id, content: "marcador" });

  await eventually(() => expect(receiver.received.filter(mine).map((r) => r.event)).toContain("message.created"), 20_000);
  await sleep(1000);
  // Exactly these two, once each; deliveries run in parallel, so in either order.
  expect(receiver.received.filter(mine).map((r) => r.event).sort()).toEqual(["conversation.created", "message.created"]);
  await done();
}, 40_000);

it("retries a 500 and a timeout with the same delivery id, and the log shows it; redelivery sends it again", async () => {
  const { receiver, created, done } = await endpoint((_request, index) => (index === 0 ? { status: 500 } : index === 1 ? "hang" : { status: 204 }), ["conversation.created"]);
  const conversation = await candidate.caller.conversation.create({});

  await eventually(() => expect(receiver.received).toHaveLength(3), 20_000);
  expect(new Set(receiver.received.map((r) => r.deliveryId)).size).toBe(1);
  const [first] = receiver.received;
  expect(about(conversation.id)(first as Received)).toBe(true);
  const log = await eventually(async () => {
    const { items } = await admin.webhook.deliveries({ endpointId: created.id });
    expect(items[0]).toMatchObject({ id: first?.deliveryId, status: "delivered", attempts: 3, responseStatus: 204 });
    return items;
  }, 10_000);
  expect(log).toHaveLength(1);
  // Every attempt is kept, not only the latest: what each one got, in order.
  const attempts = await admin.webhook.attempts({ id: first?.deliveryId ?? "" });
  expect(attempts).toMatchObject([
    { attempt: 1, ok: false, responseStatus: 500, error: null },
    { attempt: 2, ok: false, responseStatus: null, error: expect.stringMatching(/no answer within/) as unknown },
    { attempt: 3, ok: true, responseStatus: 204, error: null },
  ]);
  expect(attempts.every((a) => a.durationMs >= 0 && a.attemptedAt instanceof Date)).toBe(true);
  expect(attempts[1]?.durationMs).toBeGreaterThanOrEqual(900);

  await admin.webhook.redeliver({ id: first?.deliveryId ?? "" });
  await eventually(() => expect(receiver.received).toHaveLength(4), 20_000);
  expect(receiver.received[3]?.deliveryId).toBe(first?.deliveryId);
  expect(receiver.received[3]?.body).toBe(first?.body);
  await eventually(async () => {
    const { items } = await admin.webhook.deliveries({ endpointId: created.id });
    expect(items[0]).toMatchObject({ status: "delivered", attempts: 4 });
  }, 10_000);
  expect((await admin.webhook.attempts({ id: first?.deliveryId ?? "" })).map((a) => [a.attempt, a.ok])).toEqual([
    [1, false],
    [2, false],
    [3, true],
    [4, true],
  ]);
  await done();
}, 40_000);

it("ends in the failed state after the last attempt, visible in the log", async () => {
  const { receiver, created, done } = await endpoint(() => ({ status: 503 }), ["conversation.created"]);
  await candidate.caller.conversation.create({});
  await eventually(async () => {
    const { items } = await admin.webhook.deliveries({ endpointId: created.id, status: "failed" });
    expect(items[0]).toMatchObject({ attempts: 3, responseStatus: 503 });
  }, 20_000);
  expect(receiver.received).toHaveLength(3);
  await done();
}, 40_000);

it("does not follow a redirect", async () => {
  const target = await startReceiver();
  const { receiver, created, done } = await endpoint(() => ({ status: 307, headers: { location: target.url("/elsewhere") } }), ["conversation.created"]);
  await candidate.caller.conversation.create({});
  await eventually(async () => {
    const { items } = await admin.webhook.deliveries({ endpointId: created.id });
    expect(items[0]).toMatchObject({ responseStatus: 307 });
    expect(items[0]?.status).not.toBe("delivered");
  }, 20_000);
  expect(receiver.received.length).toBeGreaterThan(0);
  expect(target.received).toHaveLength(0);
  await Promise.all([done(), target.close()]);
}, 40_000);

it("refuses private, loopback and link-local endpoints unless allowed", async () => {
  const strict = { ...h.services, config: { ...h.services.config, webhooks: { ...h.services.config.webhooks, allowPrivateAddresses: false } } };
  const strictAdmin = createCaller(createInnerContext(strict, await h.createUser("admin")));
  for (const url of ["http://127.0.0.1:9/x", "http://localhost/x", "http://10.1.2.3/x", "http://169.254.169.254/latest", "http://[::1]/x", "http://[::ffff:192.168.0.1]/x"]) {
    await expect(strictAdmin.webhook.create({ url, events: ["message.created"] }), url).rejects.toMatchObject({ code: "BAD_REQUEST" });
  }
  // At delivery time the resolved address is checked again: a name resolving to loopback is refused
  // before any byte is sent.
  let hits = 0;
  const server = createServer((_request, response) => {
    hits += 1;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const result = await sendDelivery({ url: `http://localhost:${port}/x`, secret: "s".repeat(16), deliveryId: "d", event: "e", body: "{}", timeoutMs: 1000, allowInternal: false });
  expect(result).toMatchObject({ ok: false, status: null });
  expect(result.error).toMatch(/private|loopback/);
  expect(hits).toBe(0);
  server.close();
});

it("the relay hands each event to each endpoint once, whoever relays", async () => {
  const { receiver, created, done } = await endpoint(undefined, ["message.created"]);
  const conversation = await candidate.caller.conversation.create({});
  await Promise.all(Array.from({ length: 30 }, (_, i) => agent.caller.message.send({ conversationId: conversation.id, content: `r${i}` })));

  await eventually(() => expect(receiver.received.filter(about(conversation.id))).toHaveLength(30), 20_000);

  const stored = await h.handle.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, created.id));
  expect(stored).toHaveLength(30);
  expect(new Set(receiver.received.map((r) => r.deliveryId)).size).toBe(30);
  await done();
}, 40_000);

// Transaction ids are handed out when a writer starts, not when it commits: the relay must wait for
// an older transaction still open rather than move past its number (PGlite runs one at a time).
it.runIf(Boolean(process.env.DATABASE_URL))("an event whose transaction commits late is still delivered", async () => {
  const { receiver, done } = await endpoint(undefined, ["conversation.updated"]);
  const [early, late] = [await candidate.caller.conversation.create({}), await candidate.caller.conversation.create({})];
  let commit = () => undefined as void;
  const held = new Promise<void>((resolve) => (commit = resolve));
  const open = h.handle.db.transaction(async (tx) => {
    await recordConversationEvent(tx, { conversationId: early.id, actorUserId: agent.user.id, action: "conversation.priority_changed", data: { priority: { from: "normal", to: "high" } } }, { priority: "high" });
    await held;
  });
  // Started after the open one and committed first: a relay reading whatever is visible would
  // deliver it and move past the open transaction's number, skipping its row for good.
  await agent.caller.conversation.setPriority({ id: late.id, priority: "low" });
  await sleep(1500);
  expect(receiver.received.filter(about(early.id))).toHaveLength(0);
  commit();
  await open;
  await eventually(() => {
    expect(receiver.received.filter(about(early.id))).toHaveLength(1);
    expect(receiver.received.filter(about(late.id))).toHaveLength(1);
  }, 20_000);
  await done();
}, 40_000);
