/**
 * An email across a crash, on PostgreSQL with pg-boss: the agent's reply is stored by a server
 * process that is killed (SIGKILL) before the email is due; after its restart the email still
 * goes out, once.
 */
import type { User } from "@atiende/db";
import { eq, notificationDeliveries, users } from "@atiende/db";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, expect, it } from "vitest";

import { issueToken } from "../auth/token";
import type { AppRouter } from "../root";
import { candidatesWithConversations } from "../../test/people";
import type { ChildServer } from "../../test/processes";
import { sharedDatabase, spawnServer, stopServer } from "../../test/processes";
import { startSmtpReceiver } from "../../test/smtp-receiver";
import { eventually } from "../../test/wait";

let database: Awaited<ReturnType<typeof sharedDatabase>>;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let server: ChildServer | undefined;
let env: Record<string, string>;
beforeAll(async () => {
  database = await sharedDatabase();
  smtp = await startSmtpReceiver();
  env = {
    CHILD_SERVER_WEBHOOKS: "true",
    SMTP_URL: smtp.url,
    EMAIL_FROM: "soporte@atiende.test",
    // Long enough that the kill below surely comes first.
    SUPPORT_CHAT_EMAIL_DELAY_SECONDS: "5",
  };
  server = await spawnServer({ databaseUrl: database.url, env });
}, 120_000);
afterAll(async () => {
  if (server) await stopServer(server, "SIGKILL");
  await smtp?.close();
  await database?.close();
}, 60_000);

it("kill -9 between the reply and its email: after the restart the email goes, once", async () => {
  const [person] = await candidatesWithConversations(database, 1);
  if (!person || !server) throw new Error("setup failed");
  const [agent] = await database.handle.db
    .insert(users)
    .values({ email: `crash-agent-${Date.now()}@test.example`, name: "Agente Crash", role: "soporte" })
    .returning();
  const { token } = await issueToken((agent as User).id, person.services.config);
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${server.origin}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${token}` } })],
  });
  await client.message.send.mutate({ conversationId: person.conversationId, content: "Tu solicitud está aprobada" });

  const victim = server;
  expect(await stopServer(victim, "SIGKILL")).toBeNull();
  expect(smtp.to(person.user.email)).toHaveLength(0);
  server = await spawnServer({ databaseUrl: database.url, port: victim.port, env });

  await eventually(async () => {
    const rows = await database.handle.db
      .select()
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.userId, person.user.id));
    expect(rows.map((row) => row.status)).toEqual(["sent"]);
  }, 60_000);
  const mails = smtp.to(person.user.email);
  expect(mails).toHaveLength(1);
  expect(mails[0]?.text).toContain("Tu solicitud está aprobada");
}, 120_000);
