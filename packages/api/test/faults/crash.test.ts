/**
 * Fault: the server process is killed (SIGKILL, no chance to clean up) in the middle of a burst of
 * 500 sends. Clients retry each message with its clientMessageId until acknowledged; after the
 * restart, every acknowledged message exists exactly once and in order.
 */
import { afterAll, beforeAll, expect, it } from "vitest";

import type { ChildServer } from "../processes";
import { sharedDatabase, spawnServer, stopServer } from "../processes";
import { createSender, expectExactlyOnceInOrder, sendMany } from "../senders";
import { eventually } from "../wait";
import { candidatesWithConversations } from "../people";

let database: Awaited<ReturnType<typeof sharedDatabase>>;
let server: ChildServer;
beforeAll(async () => {
  database = await sharedDatabase();
  server = await spawnServer({ databaseUrl: database.url });
});
afterAll(async () => {
  if (server) await stopServer(server, "SIGKILL");
  await database?.close();
});

it("kill -9 during 500 sends: after the restart every acknowledged message is stored once, in order", async () => {
  const people = await candidatesWithConversations(database, 5);
  const senders = people.map(({ token, conversationId }) =>
    createSender({ origins: () => [server.origin], token, conversationId }),
  );
  let acknowledged = 0;
  const bursts = senders.map((sender, i) =>
    sendMany(sender, `c${i}`, 100, () => (acknowledged += 1)),
  );

  await eventually(() => expect(acknowledged).toBeGreaterThanOrEqual(150), 60_000);
  const port = server.port;
  expect(await stopServer(server, "SIGKILL")).toBeNull();
  server = await spawnServer({ databaseUrl: database.url, port });

  await Promise.all(bursts);
  expect(acknowledged).toBe(500);
  for (const [i, sender] of senders.entries()) {
    await expectExactlyOnceInOrder(
      database.sql,
      people[i]?.conversationId ?? "",
      sender.acknowledged,
    );
  }
  // The kill really hit traffic: some attempts got no answer and were retried.
  expect(senders.flatMap((sender) => sender.attempts).some((attempt) => attempt.status === 0)).toBe(
    true,
  );
}, 120_000);
