import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { useHarness } from "../../../test/harness";
import { changedTables, fingerprintTables } from "../../../test/hostile";

const h = useHarness();

describe("a conversation's host context", () => {
  it("is kept with the conversation and shown to support", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const context = { jobId: "4521", applicationId: 981, remote: true, page: "/empleos/4521" };
    const created = await candidate.caller.conversation.create({ subject: "Sobre mi postulación", context });
    expect(created.context).toEqual(context);
    expect((await agent.caller.conversation.get({ id: created.id })).context).toEqual(context);
    const inbox = await agent.caller.conversation.list({ candidateUserId: candidate.user.id });
    expect(inbox.items[0]?.context).toEqual(context);
    // Without one, there is none.
    expect((await candidate.caller.conversation.create({})).context).toBeNull();
  });

  it("refuses nested, oversized or oddly named contexts with a clear message, storing nothing", async () => {
    const candidate = await h.actor("candidato");
    const refused: unknown[] = [
      { job: { id: 1 } },
      { list: [1, 2] },
      { "1abc": "x" },
      { "con espacio": "x" },
      { big: "x".repeat(501) },
      Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])),
      Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, "x".repeat(300)])),
      "texto",
    ];
    for (const context of refused) {
      const before = await fingerprintTables(h.handle.db);
      const error = await candidate.caller.conversation
        // @ts-expect-error -- what a careless or hostile caller sends
        .create({ subject: "x", context })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect(changedTables(before, await fingerprintTables(h.handle.db))).toEqual([]);
    }
  });
});
