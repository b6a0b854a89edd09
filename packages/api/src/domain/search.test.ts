/** The inbox's search over each message's own words (issue #16): both passes, and what is left out. */
import { selectRows, sql, supportMessages } from "@atiende/db";
import { describe, expect, it } from "vitest";

import { useHarness } from "../../test/harness";
import { searchConversationIds, toPrefixQuery } from "./search";

const h = useHarness({ SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "1000" });

let n = 0;
/** A word no other test writes. */
const unique = (stem: string) => `${stem}${Date.now()}x${(n += 1)}`;

/** The send path leaves a conversation's document as its subject's words: messages carry their own. */
async function subjectOnly(conversationId: string) {
  const [row] = await selectRows<{ same: boolean }>(
    h.handle.db,
    sql`select search_vector = strip(to_tsvector('simple', coalesce(subject, ''))) as same
      from support_conversations where id = ${conversationId}::uuid`,
  );
  expect(row?.same).toBe(true);
}

/** Staff's search, through the inbox (first pass) and with a window of one (the index's pass). */
async function foundBy(q: string) {
  const agent = await h.actor("soporte");
  const inbox = (await agent.caller.conversation.list({ q, limit: 100 })).items.map((c) => c.id);
  const indexed = await searchConversationIds(h.handle.db, undefined, toPrefixQuery(q) ?? "", 100, 1);
  return { inbox, indexed };
}

describe("search by the messages' own words", () => {
  it("finds a conversation by a word of its 30th message, and of its first, by either pass", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const [early, late] = [unique("alfa"), unique("omega")];
    const { id } = await candidate.caller.conversation.create({ subject: "Consulta" });
    for (let i = 1; i <= 30; i++) {
      const content = i === 1 ? `primero ${early}` : i === 30 ? `último ${late}.` : `mensaje ${i}`;
      const sender = i % 2 ? candidate.caller : agent.caller;
      await sender.message.send({ conversationId: id, content });
    }
    await subjectOnly(id);
    // A newer conversation, so the index's pass (a window of one) has to find this one itself.
    await candidate.caller.conversation.create({ subject: "Más reciente" });

    for (const word of [early, late]) expect(await foundBy(word)).toEqual({ inbox: [id], indexed: [id] });
    // Every word must match in one place: the subject, the candidate, or one message.
    expect(await foundBy(`${early} ${late}`)).toEqual({ inbox: [], indexed: [] });
    expect(await foundBy(`${late} últ`)).toEqual({ inbox: [id], indexed: [id] });
    expect(await foundBy(unique("ausente"))).toEqual({ inbox: [], indexed: [] });
  });

  it("gives the same page whichever pass finds it: the first look, the whole window or the index", async () => {
    const candidate = await h.actor("candidato");
    const word = unique("ruta");
    const made: string[] = [];
    for (const content of [`uno ${word}`, "nada", "nada", `dos ${word}`, "nada"]) {
      const { id } = await candidate.caller.conversation.create({ subject: "Pasos" });
      await candidate.caller.message.send({ conversationId: id, content });
      made.push(id);
    }
    const [older, , , newer] = made;
    const query = toPrefixQuery(word) ?? "";
    const search = (limit: number, window: number, look: number) =>
      searchConversationIds(h.handle.db, undefined, query, limit, window, look);
    // (window, look): the look holds a match, or none; the window holds one, or the whole inbox.
    for (const [window, look] of [[4, 2], [4, 1], [1, 1], [200, 50]] as const) {
      expect(await search(10, window, look)).toEqual([newer, older]);
      expect(await search(1, window, look)).toEqual([newer]);
    }
    // The look finds one, the whole window fills the page.
    expect(await search(2, 5, 2)).toEqual([newer, older]);
  });

  it("reads a long conversation's older messages through the index", async () => {
    const candidate = await h.actor("candidato");
    const word = unique("antiguo");
    const { id } = await candidate.caller.conversation.create({ subject: "Larga" });
    await candidate.caller.message.send({ conversationId: id, content: `al principio ${word}` });
    // More messages after it than the first pass reads of one conversation (200).
    await h.handle.db.execute(sql`
      insert into support_messages (conversation_id, sender_user_id, content, created_at)
      select ${id}::uuid, ${candidate.user.id}::uuid, 'relleno ' || k, now() + make_interval(secs => k)
      from generate_series(1, 210) k`);
    await subjectOnly(id);
    expect(await foundBy(word)).toEqual({ inbox: [id], indexed: [id] });
  });

  it("never finds a conversation by an internal note, for staff nor for the candidate", async () => {
    const candidate = await h.actor("candidato");
    const agent = await h.actor("soporte");
    const secret = unique("confidencial");
    const { id } = await candidate.caller.conversation.create({ subject: "Ayuda" });
    await candidate.caller.message.send({ conversationId: id, content: "Hola" });
    const note = await agent.caller.message.send({ conversationId: id, content: `nota ${secret}`, internal: true });

    expect(await foundBy(secret)).toEqual({ inbox: [], indexed: [] });
    expect((await candidate.caller.conversation.list({ q: secret })).items).toEqual([]);
    expect((await agent.caller.conversation.list({ q: secret, page: 1, perPage: 10 })).items).toEqual([]);
    const [row] = await selectRows<{ words: string | null }>(
      h.handle.db,
      sql`select search_words::text as words from support_messages where id = ${note.id}::uuid`,
    );
    expect(row).toEqual({ words: null });
    expect((await foundBy("hola")).inbox).toContain(id);
  });

  it("never finds a conversation by the team's automatic answer", async () => {
    const candidate = await h.actor("candidato");
    const system = await h.actor("soporte");
    const canned = unique("fueradehorario");
    const { id } = await candidate.caller.conversation.create({ subject: "De noche" });
    // Stored as the automatic answer is, by its own kind; the conversation's document untouched.
    await h.handle.db
      .insert(supportMessages)
      .values({ conversationId: id, senderUserId: system.user.id, content: `Volvemos pronto ${canned}`, messageType: "auto_reply" });
    expect(await foundBy(canned)).toEqual({ inbox: [], indexed: [] });
  });

  it("finds an edited message by what it says now, not by what it said", async () => {
    const candidate = await h.actor("candidato");
    const [before, after] = [unique("borrador"), unique("definitivo")];
    const { id } = await candidate.caller.conversation.create({ subject: "Edición" });
    const sent = await candidate.caller.message.send({ conversationId: id, content: `texto ${before}` });
    await candidate.caller.message.edit({ id: sent.id, content: `texto ${after}` });
    await subjectOnly(id);

    expect(await foundBy(after)).toEqual({ inbox: [id], indexed: [id] });
    expect(await foundBy(before)).toEqual({ inbox: [], indexed: [] });
  });

  it("finds a message by its attachment's name", async () => {
    const candidate = await h.actor("candidato");
    const file = unique("curriculum");
    const { id } = await candidate.caller.conversation.create({ subject: "Adjunto" });
    await h.handle.db.insert(supportMessages).values({
      conversationId: id,
      senderUserId: candidate.user.id,
      messageType: "attachment",
      attachmentName: `${file}.pdf`,
      attachmentUrl: "local:ejemplo",
    });
    expect(await foundBy(file)).toEqual({ inbox: [id], indexed: [id] });
  });
});
