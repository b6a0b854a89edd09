/**
 * Webhooks across processes, on PostgreSQL with pg-boss: two instances relay and deliver the same
 * audit log without doubling anything, and a server killed (SIGKILL) in the middle of a burst of
 * sends loses no delivery after its restart. Each event reaches each endpoint under exactly one
 * delivery id; an attempt cut off by the kill may arrive again, under that same id.
 */
import type { User } from "@atiende/db";
import { users } from "@atiende/db";
import { afterAll, beforeAll, expect, it } from "vitest";

import { configFromEnv } from "../../src/config";
import { readApiEnv } from "../../src/env";
import { createCaller } from "../../src/root";
import { candidatesWithConversations } from "../people";
import type { ChildServer } from "../processes";
import { sharedDatabase, spawnServer, stopServer } from "../processes";
import { createSender, sendMany } from "../senders";
import { eventually } from "../wait";
import type { Received } from "../webhook-receiver";
import { startReceiver } from "../webhook-receiver";
import { createInnerContext } from "../../src/trpc";
import { createServices } from "../../src/server/services";

const env = {
  CHILD_SERVER_WEBHOOKS: "true",
  WEBHOOK_ALLOW_PRIVATE: "true",
  WEBHOOK_TIMEOUT_SECONDS: "2",
  WEBHOOK_RETRY_BASE_SECONDS: "0.5",
};

let database: Awaited<ReturnType<typeof sharedDatabase>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let servers: ChildServer[] = [];
beforeAll(async () => {
  database = await sharedDatabase();
  receiver = await startReceiver();
  await endpoints();
  servers = await Promise.all([spawnServer({ databaseUrl: database.url, env }), spawnServer({ databaseUrl: database.url, env })]);
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((server) => stopServer(server, "SIGKILL")));
  await receiver?.close();
  await database?.close();
}, 60_000);

/** Two endpoints on the receiver (paths /a and /b), for message.created. */
async function endpoints() {
  const services = createServices(database.handle.db, configFromEnv(readApiEnv({ ...process.env, ...env })));
  const [admin] = await database.handle.db
    .insert(users)
    .values({ email: `webhook-admin-${Date.now()}@test.example`, name: "Admin", role: "admin" })
    .returning();
  const caller = createCaller(createInnerContext(services, admin as User));
  for (const path of ["/a", "/b"]) await caller.webhook.create({ url: receiver.url(path), events: ["message.created"] });
}

const messageIdOf = (received: Received) => (JSON.parse(received.body) as { data: { message: { id: string } } }).data.message.id;

/** Every message of these conversations reached both endpoints, each under one delivery id. */
async function expectEveryMessageOncePerEndpoint(conversationIds: string[]) {
  const rows = await database.sql<{ id: string }[]>`
    select id from support_messages where conversation_id in ${database.sql(conversationIds)}`;
  const wanted = new Set(rows.map((row) => row.id));
  for (const path of ["/a", "/b"]) {
    const idsByMessage = await eventually(() => {
      const byMessage = new Map<string, Set<string>>();
      for (const received of receiver.received.filter((r) => r.path === path)) {
        const messageId = messageIdOf(received);
        if (!wanted.has(messageId)) continue;
        byMessage.set(messageId, (byMessage.get(messageId) ?? new Set()).add(received.deliveryId));
      }
      expect(byMessage.size).toBe(wanted.size);
      return byMessage;
    }, 60_000);
    expect([...idsByMessage.values()].every((ids) => ids.size === 1)).toBe(true);
  }
  return wanted;
}

it("two instances deliver every event once per endpoint, never twice", async () => {
  const people = await candidatesWithConversations(database, 4);
  const origins = servers.map((server) => server.origin);
  await Promise.all(
    people.map(({ token, conversationId }, i) =>
      sendMany(createSender({ origins: () => origins, token, conversationId }), `i${i}`, 25),
    ),
  );
  const wanted = await expectEveryMessageOncePerEndpoint(people.map((p) => p.conversationId));
  expect(wanted.size).toBe(100);
  // Nothing was cut off here, so nothing may have arrived twice.
  const mine = receiver.received.filter((r) => wanted.has(messageIdOf(r)));
  expect(mine).toHaveLength(200);
  expect(new Set(mine.map((r) => r.deliveryId)).size).toBe(200);
}, 120_000);

it("kill -9 right after a burst of sends: after the restart every delivery still happens, once per endpoint", async () => {
  const people = await candidatesWithConversations(database, 4);
  let acknowledged = 0;
  const bursts = people.map(({ token, conversationId }, i) =>
    sendMany(createSender({ origins: () => [servers[0]?.origin ?? ""], token, conversationId }), `k${i}`, 50, () => (acknowledged += 1)),
  );
  await eventually(() => expect(acknowledged).toBeGreaterThanOrEqual(120), 60_000);
  const victim = servers[0] as ChildServer;
  expect(await stopServer(victim, "SIGKILL")).toBeNull();
  servers[0] = await spawnServer({ databaseUrl: database.url, port: victim.port, env });
  await Promise.all(bursts);

  const wanted = await expectEveryMessageOncePerEndpoint(people.map((p) => p.conversationId));
  expect(wanted.size).toBe(200);
  // A delivery the killed instance had sent but not yet recorded reached the receiver; its job is
  // run again once it expires (the timeout + 10 s, noticed within 10 s), with the same delivery id,
  // and only then is it recorded as delivered.
  await eventually(async () => {
    const [log] = await database.sql<{ total: number; delivered: number }[]>`
      select count(*)::int as total, count(*) filter (where status = 'delivered')::int as delivered
      from webhook_deliveries d join support_messages m on m.id = (select message_id from audit_log where id = d.audit_id)
      where m.conversation_id in ${database.sql(people.map((p) => p.conversationId))}`;
    expect(log).toEqual({ total: 400, delivered: 400 });
  }, 60_000);
}, 240_000);

it("SIGTERM stops both instances cleanly, deliveries in progress finished", async () => {
  const codes = await Promise.all(servers.map((server) => stopServer(server, "SIGTERM")));
  servers = [];
  expect(codes).toEqual([0, 0]);
}, 60_000);
