import { count, eq, supportMessages } from "@atiende/db";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import { describe, expect, it } from "vitest";

import { RateLimitedError } from "../../domain/errors";
import { appRouter } from "../../root";
import type { Caller } from "../../../test/harness";
import { useHarness } from "../../../test/harness";

const h = useHarness({
  SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "3",
  SUPPORT_CHAT_STAFF_RATE_LIMIT_PER_MINUTE: "5",
});

async function messagesIn(conversationId: string) {
  const [row] = await h.handle.db
    .select({ n: count() })
    .from(supportMessages)
    .where(eq(supportMessages.conversationId, conversationId));
  return row?.n;
}

async function conversationOf(candidate: { caller: Caller }) {
  return (await candidate.caller.conversation.create({})).id;
}

const sendN = async (caller: Caller, conversationId: string, n: number) => {
  for (let i = 1; i <= n; i += 1) await caller.message.send({ conversationId, content: `mensaje ${i}` });
};

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as Error & { code: string; cause?: unknown },
  );

describe("message rate limit (candidates 3/min, staff 5/min)", () => {
  it("the 4th candidate message in a minute is TOO_MANY_REQUESTS and is not stored", async () => {
    const candidate = await h.actor("candidato");
    const conversationId = await conversationOf(candidate);
    await sendN(candidate.caller, conversationId, 3);
    const error = await caught(candidate.caller.message.send({ conversationId, content: "cuarto" }));
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await messagesIn(conversationId)).toBe(3);
  });

  it("the refusal carries a retry-after between 1 and 60 seconds, in its cause and formatted shape", async () => {
    const candidate = await h.actor("candidato");
    const conversationId = await conversationOf(candidate);
    await sendN(candidate.caller, conversationId, 3);
    const input = { conversationId, content: "otra vez" };
    const error = await caught(candidate.caller.message.send(input));
    expect(error?.cause).toBeInstanceOf(RateLimitedError);
    const { retryAfterSeconds } = error?.cause as RateLimitedError;
    expect(Number.isInteger(retryAfterSeconds)).toBe(true);
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(error?.message).toBe(`Has enviado demasiados mensajes. Inténtalo de nuevo en ${retryAfterSeconds} s`);

    const shape = getErrorShape({
      config: appRouter._def._config,
      error: error as never,
      type: "mutation",
      path: "message.send",
      input,
      ctx: undefined,
    });
    expect(shape.data).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429, retryAfterSeconds });
  });

  it("the limit counts messages across all of a candidate's conversations", async () => {
    const candidate = await h.actor("candidato");
    const first = await conversationOf(candidate);
    const second = await conversationOf(candidate);
    await sendN(candidate.caller, first, 3);
    await expect(candidate.caller.message.send({ conversationId: second, content: "aquí" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    expect(await messagesIn(second)).toBe(0);
  });

  it.each(["soporte", "admin", "developer"])("%s gets 5 messages a minute, and the 6th is refused", async (role) => {
    const candidate = await h.actor("candidato");
    const conversationId = await conversationOf(candidate);
    const agent = await h.actor(role);
    await sendN(agent.caller, conversationId, 5);
    await expect(agent.caller.message.send({ conversationId, content: "sexto" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    expect(await messagesIn(conversationId)).toBe(5);
  });

  it("the limit is per user: others can still send when one candidate is limited", async () => {
    const limited = await h.actor("candidato");
    const other = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const limitedConversation = await conversationOf(limited);
    const otherConversation = await conversationOf(other);
    await sendN(limited.caller, limitedConversation, 3);
    await expect(
      limited.caller.message.send({ conversationId: limitedConversation, content: "más" }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });

    await expect(
      other.caller.message.send({ conversationId: otherConversation, content: "yo sí" }),
    ).resolves.toMatchObject({ senderUserId: other.user.id });
    await expect(
      agent.caller.message.send({ conversationId: limitedConversation, content: "te atiendo" }),
    ).resolves.toMatchObject({ senderUserId: agent.user.id });
  });

  it("concurrent sends past the limit store exactly the limit", async () => {
    const candidate = await h.actor("candidato");
    const conversationId = await conversationOf(candidate);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => candidate.caller.message.send({ conversationId, content: `r${i}` })),
    );
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r.reason).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await messagesIn(conversationId)).toBe(3);
  });
});
