/** Editing one's own message: only within SUPPORT_CHAT_EDIT_WINDOW_SECONDS, the old text audited. */
import { and, auditLog, eq, sql, supportMessages } from "@atiende/db";
import { describe, expect, it } from "vitest";

import { texts } from "../../domain/errors";
import { useHarness } from "../../../test/harness";

const WINDOW_SECONDS = 600;
const h = useHarness({ SUPPORT_CHAT_EDIT_WINDOW_SECONDS: String(WINDOW_SECONDS) });

/** Moves a message's sending time into the past, as if that many seconds had gone by. */
async function age(messageId: string, seconds: number) {
  await h.handle.db
    .update(supportMessages)
    .set({ createdAt: sql`now() - make_interval(secs => ${seconds})` })
    .where(eq(supportMessages.id, messageId));
}

const editsOf = (messageId: string) =>
  h.handle.db
    .select({ data: auditLog.data, actor: auditLog.actorUserId })
    .from(auditLog)
    .where(and(eq(auditLog.messageId, messageId), eq(auditLog.action, "message.edited")));

async function conversationWithMessages() {
  const candidate = await h.actor("candidato");
  const agent = await h.actor("soporte");
  const { id: conversationId } = await candidate.caller.conversation.create({});
  const asked = await candidate.caller.message.send({ conversationId, content: "Mi correo es ana@exmaple.com" });
  const answered = await agent.caller.message.send({ conversationId, content: "Lo cambio en un momento" });
  return { candidate, agent, asked, answered };
}

describe("message.edit and the edit window", () => {
  it("the candidate and the agent each correct their own message inside the window; the audit keeps the old text", async () => {
    const { candidate, agent, asked, answered } = await conversationWithMessages();
    await age(asked.id, WINDOW_SECONDS - 30);
    const fixed = await candidate.caller.message.edit({ id: asked.id, content: "Mi correo es ana@example.com" });
    expect(fixed).toMatchObject({ content: "Mi correo es ana@example.com", editedAt: expect.any(Date) as Date });
    await agent.caller.message.edit({ id: answered.id, content: "Listo, ya está cambiado" });

    expect(await editsOf(asked.id)).toEqual([{ actor: candidate.user.id, data: { previousContent: "Mi correo es ana@exmaple.com" } }]);
    expect(await editsOf(answered.id)).toEqual([{ actor: agent.user.id, data: { previousContent: "Lo cambio en un momento" } }]);
  });

  it("past the window the edit is refused with a clear 400 and nothing changes", async () => {
    const { candidate, agent, asked, answered } = await conversationWithMessages();
    await age(asked.id, WINDOW_SECONDS + 5);
    await age(answered.id, WINDOW_SECONDS + 5);
    for (const [caller, id] of [[candidate.caller, asked.id], [agent.caller, answered.id]] as const) {
      await expect(caller.message.edit({ id, content: "tarde" })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: texts.messageEditExpired(WINDOW_SECONDS / 60),
      });
      const [stored] = await h.handle.db.select().from(supportMessages).where(eq(supportMessages.id, id));
      expect(stored?.content).not.toBe("tarde");
      expect(stored?.editedAt).toBeNull();
      expect(await editsOf(id)).toEqual([]);
    }
  });
});
