import type { TRPCLink } from "@trpc/client";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import { describe, expect, it } from "vitest";

import { issueToken } from "../auth/token";
import type { AppRouter } from "../root";
import { useHarness } from "../../test/harness";
import { startTestServer } from "../../test/server";
import { eventually } from "../../test/wait";
import { reliableSendLinks } from "./reliable-send";

const h = useHarness();

/** A client over HTTP, as the browser's, that counts the attempts of message.send reaching the wire. */
async function sendingClient(origin: string, userId: string) {
  const { token } = await issueToken(userId, h.services.config);
  const counter = { attempts: 0 };
  const count: TRPCLink<AppRouter> =
    () =>
    ({ op, next }) => {
      if (op.path === "message.send") counter.attempts += 1;
      return next(op);
    };
  const client = createTRPCClient<AppRouter>({
    links: [
      ...reliableSendLinks(),
      count,
      httpBatchLink({ url: `${origin}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${token}` } }),
    ],
  });
  return { client, counter };
}

describe("sending at least once, storing exactly once", () => {
  it("a message sent while the server is down is retried until it is back, and stored once", async () => {
    const candidate = await h.actor("candidato");
    const { id: conversationId } = await candidate.caller.conversation.create({ subject: "Sin conexión" });
    const first = await startTestServer(h.services);
    const { port, origin } = first;
    await first.close();

    const { client, counter } = await sendingClient(origin, candidate.user.id);
    const sending = client.message.send.mutate({ conversationId, content: "enviado durante la caída" });
    await eventually(() => expect(counter.attempts).toBeGreaterThanOrEqual(2));
    const second = await startTestServer(h.services, port);
    try {
      const sent = await sending;
      // The caller gave no clientMessageId: one was chosen once and kept for every attempt.
      expect(sent.clientMessageId).toMatch(/^[0-9a-f-]{36}$/);
      const { items } = await candidate.caller.message.list({ conversationId });
      expect(items.filter((m) => m.content === "enviado durante la caída").map((m) => m.id)).toEqual([sent.id]);
    } finally {
      await second.close();
    }
  });

  it("a refusal is an answer: it reaches the caller at once, without another try", async () => {
    const owner = await h.actor("candidato");
    const other = await h.actor("candidato");
    const { id: conversationId } = await owner.caller.conversation.create({ subject: "Ajena" });
    const server = await startTestServer(h.services);
    try {
      const { client, counter } = await sendingClient(server.origin, other.user.id);
      await expect(client.message.send.mutate({ conversationId, content: "no es mía" })).rejects.toMatchObject({
        data: { code: "FORBIDDEN" },
      });
      expect(counter.attempts).toBe(1);
    } finally {
      await server.close();
    }
  });
});
