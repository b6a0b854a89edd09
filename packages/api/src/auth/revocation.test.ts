import type { User } from "@atiende/db";
import { auditLog, eq, hashPassword, users } from "@atiende/db";
import { createTRPCClient, createWSClient, httpBatchLink, httpSubscriptionLink, splitLink, wsLink } from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";

import { createRedisBus } from "../realtime/bus";
import type { ConversationEvent } from "../realtime/conversation-events";
import type { AppRouter } from "../root";
import { useHarness } from "../../test/harness";
import { startTestServer, useTestServer } from "../../test/server";
import { eventually, sleep } from "../../test/wait";
import { createServices } from "../server/services";
import { authenticateWithPassword, verifyBearer } from "./identity";
import { issueToken } from "./token";

const h = useHarness();
const server = useTestServer(h);

/**
 * A client with a token, recording how its socket closes and what its subscription hears, and
 * (like @atiende/client) giving up instead of reconnecting once its credentials are revoked.
 */
function socketClient(target: { wsUrl: string; origin: string }, token: string) {
  const closeCodes: number[] = [];
  const ws = createWSClient({
    url: target.wsUrl,
    connectionParams: { token },
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 100,
    onClose: (cause) => {
      closeCodes.push(cause?.code ?? 0);
      if (cause?.code === 4003) void ws.close();
    },
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: ws, transformer: superjson }),
        false: httpBatchLink({
          url: `${target.origin}/api/trpc`,
          transformer: superjson,
          headers: { authorization: `Bearer ${token}` },
        }),
      }),
    ],
  });
  return { client, closeCodes, close: () => ws.close() };
}

function listen(client: ReturnType<typeof socketClient>["client"], conversationId: string) {
  const got: string[] = [];
  const errors: string[] = [];
  const sub = client.live.conversation.subscribe(
    { conversationId },
    {
      onData: ({ data }: { data: ConversationEvent }) => {
        if (data.type === "message.created") got.push(data.message.content);
      },
      onError: (error) => errors.push(error.data?.code ?? error.message),
    },
  );
  return { got, errors, sub };
}

async function withPassword(role: string, password: string): Promise<User> {
  return h.createUser(role, { passwordHash: await hashPassword(password) });
}

describe("disabling a user", () => {
  it("a candidate disabled mid-stream receives nothing more and their socket is closed", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const admin = await h.actor("admin");
    const conversation = await candidate.caller.conversation.create({});
    const { token } = await issueToken(candidate.user.id, h.services.config);
    const socket = socketClient(server, token);
    const live = listen(socket.client, conversation.id);
    await sleep(200);
    await agent.caller.message.send({ conversationId: conversation.id, content: "antes" });
    await eventually(() => expect(live.got).toEqual(["antes"]));

    await admin.caller.user.setDisabled({ userId: candidate.user.id, disabled: true });
    await eventually(() => expect(socket.closeCodes).toContain(4003));
    await agent.caller.message.send({ conversationId: conversation.id, content: "después" });
    await sleep(500);
    expect(live.got).toEqual(["antes"]);
    // The old token is dead everywhere, and the client did not reconnect with it.
    expect(await verifyBearer(h.handle.db, h.services.config, token)).toBeNull();
    expect(socket.closeCodes).toEqual([4003]);
    live.sub.unsubscribe();
    await socket.close();
  });

  it("an SSE stream of a disabled user ends with UNAUTHORIZED", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const admin = await h.actor("admin");
    const conversation = await candidate.caller.conversation.create({});
    const { token } = await issueToken(candidate.user.id, h.services.config);
    const headers = { authorization: `Bearer ${token}` };
    const client = createTRPCClient<AppRouter>({
      links: [
        httpSubscriptionLink({
          url: `${server.origin}/api/trpc`,
          transformer: superjson,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input: string | URL | Request, init?: RequestInit) =>
              fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }),
          }),
        }),
      ],
    });
    const live = listen(client, conversation.id);
    await sleep(300);
    await agent.caller.message.send({ conversationId: conversation.id, content: "antes" });
    await eventually(() => expect(live.got).toEqual(["antes"]));
    await admin.caller.user.setDisabled({ userId: candidate.user.id, disabled: true });
    await agent.caller.message.send({ conversationId: conversation.id, content: "después" });
    await eventually(() => expect(live.errors).toContain("UNAUTHORIZED"));
    await sleep(300);
    expect(live.got).toEqual(["antes"]);
    live.sub.unsubscribe();
  });

  it("only an admin may, never on themself, and it is audited and undone by enabling", async () => {
    const admin = await h.actor("admin");
    const developer = await h.actor("developer");
    const target = await withPassword("soporte", "clave-segura-1");
    await expect(developer.caller.user.setDisabled({ userId: target.id, disabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.caller.user.setDisabled({ userId: admin.user.id, disabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.caller.user.setDisabled({ userId: crypto.randomUUID(), disabled: true })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await admin.caller.user.setDisabled({ userId: target.id, disabled: true });
    expect(await authenticateWithPassword(h.handle.db, target.email, "clave-segura-1")).toBeNull();
    const [disabled] = await h.handle.db.select().from(users).where(eq(users.id, target.id));
    await expect(h.callerFor(disabled ?? null).auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    await admin.caller.user.setDisabled({ userId: target.id, disabled: false });
    expect(await authenticateWithPassword(h.handle.db, target.email, "clave-segura-1")).not.toBeNull();
    const actions = await h.handle.db.select().from(auditLog).where(eq(auditLog.actorUserId, admin.user.id));
    expect(actions.map((row) => [row.action, row.data])).toEqual([
      ["user.disabled", { userId: target.id }],
      ["user.enabled", { userId: target.id }],
    ]);
  });
});

describe("changing one's password", () => {
  it("needs the current password and a different new one", async () => {
    const user = await withPassword("candidato", "vieja-clave-1");
    const caller = h.callerFor(user);
    await expect(caller.user.changePassword({ currentPassword: "no-es", newPassword: "nueva-clave-1" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "La contraseña actual no es correcta" });
    await expect(caller.user.changePassword({ currentPassword: "vieja-clave-1", newPassword: "vieja-clave-1" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.user.changePassword({ currentPassword: "vieja-clave-1", newPassword: "corta" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await caller.user.changePassword({ currentPassword: "vieja-clave-1", newPassword: "nueva-clave-1" });
    expect(await authenticateWithPassword(h.handle.db, user.email, "vieja-clave-1")).toBeNull();
    expect(await authenticateWithPassword(h.handle.db, user.email, "nueva-clave-1")).not.toBeNull();
    const [audit] = await h.handle.db.select().from(auditLog).where(eq(auditLog.actorUserId, user.id));
    expect(audit?.action).toBe("user.password_changed");
  });

  it("wrong current passwords are rate-limited like sign-ins", async () => {
    const user = await withPassword("candidato", "vieja-clave-1");
    const caller = h.callerFor(user);
    const limit = h.services.config.auth.signInFailuresPerAccountPerMinute;
    for (let i = 0; i < limit; i += 1) {
      await expect(caller.user.changePassword({ currentPassword: `mal-${i}`, newPassword: "nueva-clave-1" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(caller.user.changePassword({ currentPassword: "otra-mal", newPassword: "nueva-clave-1" })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("refuses older tokens and closes other sessions' sockets, on every instance", async () => {
    const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
    const busA = createRedisBus(redisUrl);
    const busB = createRedisBus(redisUrl);
    const servicesA = createServices(h.handle.db, h.services.config, busA);
    const servicesB = createServices(h.handle.db, h.services.config, busB);
    const a = await startTestServer(servicesA);
    const b = await startTestServer(servicesB);
    try {
      const user = await withPassword("candidato", "vieja-clave-1");
      const conversation = await h.callerFor(user).conversation.create({});
      const other = await issueToken(user.id, h.services.config);
      const onB = socketClient(b, other.token);
      const live = listen(onB.client, conversation.id);
      await sleep(300);

      // The change goes through instance A; the socket on instance B closes.
      const mine = await issueToken(user.id, h.services.config);
      const onA = socketClient(a, mine.token);
      await onA.client.user.changePassword.mutate({ currentPassword: "vieja-clave-1", newPassword: "nueva-clave-1" });
      await eventually(() => expect(onB.closeCodes).toContain(4003));
      expect(await verifyBearer(h.handle.db, h.services.config, other.token)).toBeNull();
      expect(await verifyBearer(h.handle.db, h.services.config, mine.token)).toBeNull();
      const refused = await fetch(`${a.origin}/api/trpc/auth.me`, { headers: { authorization: `Bearer ${other.token}` } });
      expect(refused.status).toBe(401);

      // A token issued after the change works.
      const fresh = await issueToken(user.id, h.services.config);
      expect((await verifyBearer(h.handle.db, h.services.config, fresh.token))?.user.id).toBe(user.id);
      await h.callerFor(user).message.send({ conversationId: conversation.id, content: "después" });
      await sleep(300);
      expect(live.got).toEqual([]);
      live.sub.unsubscribe();
      await onA.close();
      await onB.close();
    } finally {
      await a.close();
      await b.close();
      servicesA.revocations.close();
      servicesB.revocations.close();
      await busA.close();
      await busB.close();
    }
  });
});
