import { and, auditLog, eq, supportMessages } from "@atiende/db";
import { beforeAll, describe, expect, it } from "vitest";

import type { Caller } from "../../../test/harness";
import { useHarness } from "../../../test/harness";

const h = useHarness({ SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "100" });

let caller: Caller;
let conversationId: string;
let ids: string[] = []; // m1..m7, oldest first

beforeAll(async () => {
  const candidate = await h.actor("candidato");
  const agent = await h.actor("soporte");
  caller = candidate.caller;
  conversationId = (await caller.conversation.create({})).id;
  ids = [];
  for (let i = 1; i <= 7; i += 1) {
    const sender = i % 2 ? candidate.caller : agent.caller;
    ids.push((await sender.message.send({ conversationId, content: `m${i}` })).id);
  }
});

const m = (...numbers: number[]) => numbers.map((n) => ids[n - 1]);
const idsOf = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

describe("message.list keyset pagination", () => {
  it("the latest page holds the last 3 messages in ascending order, with hasMore", async () => {
    const page = await caller.message.list({ conversationId, limit: 3 });
    expect(idsOf(page)).toEqual(m(5, 6, 7));
    expect(page.items.map((item) => item.content)).toEqual(["m5", "m6", "m7"]);
    expect(page.hasMore).toBe(true);
  });

  it("before walks back: the previous 3, then the first one with hasMore false", async () => {
    const previous = await caller.message.list({ conversationId, limit: 3, before: ids[4] });
    expect(idsOf(previous)).toEqual(m(2, 3, 4));
    expect(previous.hasMore).toBe(true);
    const first = await caller.message.list({ conversationId, limit: 3, before: ids[1] });
    expect(idsOf(first)).toEqual(m(1));
    expect(first.hasMore).toBe(false);
  });

  it("after walks forward to the newest, ascending, with hasMore until the end", async () => {
    const next = await caller.message.list({ conversationId, limit: 3, after: ids[0] });
    expect(idsOf(next)).toEqual(m(2, 3, 4));
    expect(next.hasMore).toBe(true);
    const last = await caller.message.list({ conversationId, limit: 3, after: ids[3] });
    expect(idsOf(last)).toEqual(m(5, 6, 7));
    expect(last.hasMore).toBe(false);
    const none = await caller.message.list({ conversationId, limit: 3, after: ids[6] });
    expect(none).toMatchObject({ items: [], hasMore: false });
  });

  it("without a limit it returns every message, oldest first", async () => {
    const page = await caller.message.list({ conversationId });
    expect(idsOf(page)).toEqual(ids);
    expect(page.hasMore).toBe(false);
  });

  it("a cursor from another conversation returns nothing from this one", async () => {
    const elsewhere = (await caller.conversation.create({})).id;
    const foreign = (await caller.message.send({ conversationId: elsewhere, content: "x" })).id;
    expect((await caller.message.list({ conversationId, before: foreign })).items).toEqual([]);
  });

  it("before and after together are BAD_REQUEST", async () => {
    await expect(
      caller.message.list({ conversationId, before: ids[5], after: ids[1] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it.each([0, 101, -1, 2.5])("limit %s is BAD_REQUEST", async (limit) => {
    await expect(caller.message.list({ conversationId, limit })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("message.list page/perPage mode", () => {
  it("page 1 holds the oldest messages", async () => {
    const page = await caller.message.list({ conversationId, page: 1, perPage: 3 });
    expect(idsOf(page)).toEqual(m(1, 2, 3));
    expect(page).toMatchObject({ hasMore: true, pagination: { page: 1, perPage: 3, total: 7, totalPages: 3 } });
  });

  it("the last page is partial", async () => {
    const page = await caller.message.list({ conversationId, page: 3, perPage: 3 });
    expect(idsOf(page)).toEqual(m(7));
    expect(page).toMatchObject({ hasMore: false, pagination: { page: 3, perPage: 3, total: 7, totalPages: 3 } });
  });

  it("a page whose offset passes 32 bits is empty, not an error (found by the hostile-input property)", async () => {
    for (const [page, perPage] of [[515_560_645, 20], [Number.MAX_SAFE_INTEGER, 100]] as const) {
      const answer = await caller.message.list({ conversationId, page, perPage });
      expect(answer).toMatchObject({ items: [], hasMore: false, pagination: { page, perPage, total: 7 } });
    }
  });

  it("a page beyond the end is empty, with the right total and totalPages", async () => {
    const page = await caller.message.list({ conversationId, page: 9, perPage: 3 });
    const { lastSeq } = await caller.conversation.get({ id: conversationId });
    expect(page).toEqual({
      items: [],
      hasMore: false,
      pagination: { page: 9, perPage: 3, total: 7, totalPages: 3 },
      lastSeq,
    });
  });

  it.each([0, 101])("perPage %s is BAD_REQUEST", async (perPage) => {
    await expect(caller.message.list({ conversationId, page: 1, perPage })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("page 0 is BAD_REQUEST", async () => {
    await expect(caller.message.list({ conversationId, page: 0, perPage: 3 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("message.edit", () => {
  const auditOf = (messageId: string) =>
    h.handle.db
      .select({ actor: auditLog.actorUserId, data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.messageId, messageId), eq(auditLog.action, "message.edited")));
  const stored = async (id: string) =>
    (await h.handle.db.select().from(supportMessages).where(eq(supportMessages.id, id)))[0];

  it("sets editedAt and keeps the previous content in audit_log.data", async () => {
    const author = await h.actor("candidato");
    const conversation = await author.caller.conversation.create({});
    const sent = await author.caller.message.send({ conversationId: conversation.id, content: "Hola, tengo un eror" });
    expect(sent.editedAt).toBeNull();

    const edited = await author.caller.message.edit({ id: sent.id, content: "Hola, tengo un error" });
    expect(edited).toMatchObject({ id: sent.id, content: "Hola, tengo un error" });
    expect(edited.editedAt).toBeInstanceOf(Date);
    expect(edited.createdAt.getTime()).toBe(sent.createdAt.getTime());
    expect((await stored(sent.id))?.editedAt).toBeInstanceOf(Date);
    expect(await auditOf(sent.id)).toEqual([{ actor: author.user.id, data: { previousContent: "Hola, tengo un eror" } }]);
  });

  it.each(["", "   ", "\n"])("a blank edit %j is BAD_REQUEST and changes nothing", async (content) => {
    const author = await h.actor("soporte");
    const sent = await author.caller.message.send({ conversationId, content: "original" });
    await expect(author.caller.message.edit({ id: sent.id, content })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await stored(sent.id)).toMatchObject({ content: "original", editedAt: null });
    expect(await auditOf(sent.id)).toEqual([]);
  });

  it("an edit to the same text is a no-op: no editedAt, no audit row", async () => {
    const author = await h.actor("admin");
    const sent = await author.caller.message.send({ conversationId, content: "igual" });
    const edited = await author.caller.message.edit({ id: sent.id, content: "igual" });
    expect(edited.editedAt).toBeNull();
    expect(await auditOf(sent.id)).toEqual([]);
  });
});
