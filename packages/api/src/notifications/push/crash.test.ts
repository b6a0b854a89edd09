/**
 * A push across a crash, on PostgreSQL with pg-boss: the agent's reply is stored by a server
 * process that is killed (SIGKILL) before the push is due; after its restart the push still goes,
 * once, and decrypts on the device.
 */
import type { User } from "@atiende/db";
import { eq, pushDeliveries, users } from "@atiende/db";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, expect, it } from "vitest";

import { issueToken } from "../../auth/token";
import type { AppRouter } from "../../root";
import { candidatesWithConversations } from "../../../test/people";
import type { ChildServer } from "../../../test/processes";
import { sharedDatabase, spawnServer, stopServer } from "../../../test/processes";
import { decryptPush, startPushService } from "../../../test/push-service";
import { eventually } from "../../../test/wait";

let database: Awaited<ReturnType<typeof sharedDatabase>>;
let service: Awaited<ReturnType<typeof startPushService>>;
let server: ChildServer | undefined;
let env: Record<string, string>;
beforeAll(async () => {
  database = await sharedDatabase();
  service = await startPushService();
  env = {
    CHILD_SERVER_WEBHOOKS: "true",
    WEBHOOK_ALLOW_PRIVATE: "true",
    // The test's push service has its own certificate; Node reads this at start.
    NODE_EXTRA_CA_CERTS: service.caPath,
    // Long enough that the kill below surely comes first.
    WEB_PUSH_DELAY_SECONDS: "5",
  };
  server = await spawnServer({ databaseUrl: database.url, env });
}, 120_000);
afterAll(async () => {
  if (server) await stopServer(server, "SIGKILL");
  await service?.close();
  await database?.close();
}, 60_000);

const clientFor = async (user: User, origin: string, config: Parameters<typeof issueToken>[1]) => {
  const { token } = await issueToken(user.id, config);
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${origin}/api/trpc`,
        transformer: superjson,
        headers: { authorization: `Bearer ${token}` },
      }),
    ],
  });
};

it("kill -9 between the reply and its push: after the restart the push goes, once", async () => {
  const [person] = await candidatesWithConversations(database, 1);
  if (!person || !server) throw new Error("setup failed");
  const config = person.services.config;
  const [agent] = await database.handle.db
    .insert(users)
    .values({
      email: `push-crash-agent-${Date.now()}@test.example`,
      name: "Agente Push",
      role: "soporte",
    })
    .returning();
  const device = service.device("crash");
  await (
    await clientFor(person.user, server.origin, config)
  ).notification.subscribePush.mutate({ endpoint: device.endpoint, keys: device.keys });
  await (
    await clientFor(agent as User, server.origin, config)
  ).message.send.mutate({
    conversationId: person.conversationId,
    content: "Tu solicitud está aprobada",
  });

  const victim = server;
  expect(await stopServer(victim, "SIGKILL")).toBeNull();
  expect(service.to(device)).toHaveLength(0);
  server = await spawnServer({ databaseUrl: database.url, port: victim.port, env });

  await eventually(async () => {
    const rows = await database.handle.db
      .select()
      .from(pushDeliveries)
      .where(eq(pushDeliveries.userId, person.user.id));
    expect(rows.map((row) => row.status)).toEqual(["sent"]);
  }, 60_000);
  const pushes = service.to(device);
  expect(pushes).toHaveLength(1);
  expect(JSON.parse(decryptPush(device, pushes[0]?.body ?? Buffer.alloc(0)))).toMatchObject({
    body: "Tu solicitud está aprobada",
  });
}, 120_000);
