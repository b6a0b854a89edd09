/**
 * Fault: Redis (a private one, killed and restarted) goes away under two instances. Delivery on
 * the sender's instance goes on; the subscriber on the other instance hears nothing meanwhile and,
 * once Redis is back, catches up from the database: nothing lost, nothing twice, in order.
 */
import { afterAll, beforeAll, expect, it } from "vitest";

import type { ChildServer } from "../processes";
import { sharedDatabase, spawnServer, startPrivateRedis, stopServer } from "../processes";
import { createSender, sendMany } from "../senders";
import { connectClient } from "../server";
import { eventually } from "../wait";
import { candidatesWithConversations } from "../people";

let database: Awaited<ReturnType<typeof sharedDatabase>>;
let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
const instances: ChildServer[] = [];
beforeAll(async () => {
  [database, redis] = await Promise.all([sharedDatabase(), startPrivateRedis()]);
  instances.push(
    ...(await Promise.all(
      [0, 1].map(() => spawnServer({ databaseUrl: database.url, redisUrl: redis.url })),
    )),
  );
});
afterAll(async () => {
  await Promise.all(instances.map((instance) => stopServer(instance, "SIGKILL")));
  await redis?.close();
  await database?.close();
});

it("Redis down: the same instance still delivers; the other catches up once it returns", async () => {
  const [a, b] = instances;
  const [person] = await candidatesWithConversations(database, 1);
  if (!a || !b || !person) throw new Error("set-up failed");
  const listen = async (instance: ChildServer) => {
    const client = await connectClient(instance, person.services, person.user);
    const received: string[] = [];
    const subscription = client.client.live.conversation.subscribe(
      // From the first event: without an id the stream starts wherever the server is when it
      // gets there, and a send racing that would be missed by the test (not by the app).
      { conversationId: person.conversationId, lastEventId: "0" },
      {
        onData: ({ data }) =>
          data.type === "message.created" && received.push(data.message.content),
      },
    );
    return { received, stop: async () => (subscription.unsubscribe(), await client.close()) };
  };
  const onA = await listen(a);
  const onB = await listen(b);
  const sender = createSender({
    origins: () => [a.origin],
    token: person.token,
    conversationId: person.conversationId,
  });

  // Both listen (through Redis for B) before the outage.
  await eventually(async () => {
    if (onB.received.length === 0) await sender.send(`antes-${sender.acknowledged.length}`);
    expect(onB.received.length).toBeGreaterThan(0);
  }, 30_000);
  await eventually(() => expect(onA.received).toEqual(sender.acknowledged), 15_000);

  await redis.stop();
  // The readiness probe names the dependency that failed.
  await eventually(async () => {
    const ready = await fetch(`${b.origin}/api/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { database: "ok", redis: "unavailable" } });
  }, 30_000);
  await sendMany(sender, "sin-redis", 20);
  // Same instance: delivered while Redis is down.
  await eventually(() => expect(onA.received).toEqual(sender.acknowledged), 30_000);
  // The other instance has no way to know yet.
  expect(onB.received.length).toBeLessThan(sender.acknowledged.length);

  await redis.start();
  await eventually(() => expect(onB.received).toEqual(sender.acknowledged), 30_000);
  await eventually(
    async () => expect((await fetch(`${b.origin}/api/ready`)).status).toBe(200),
    30_000,
  );

  // And live delivery between instances works again.
  await sender.send("con-redis");
  await eventually(() => expect(onB.received).toEqual(sender.acknowledged), 30_000);
  expect(onA.received).toEqual(sender.acknowledged);
  await onA.stop();
  await onB.stop();
}, 120_000);
