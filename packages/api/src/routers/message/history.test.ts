import { randomUUID } from "node:crypto";

import { eq, supportConversations } from "@atiende/db";
import { beforeAll, describe, expect, it } from "vitest";

import { texts } from "../../domain/errors";
import type { Viewer } from "../../domain/roles";
import type { Caller } from "../../../test/harness";
import { useHarness } from "../../../test/harness";
import { selectHistoryRows } from "../../domain/message-queries";

const h = useHarness({ SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "1000" });

let owner: { user: Viewer; caller: Caller };
let agent: { user: Viewer; caller: Caller };
let conversationId: string;
/** Oldest first: hola, NOTE, respuesta, gracias (edited), NOTE 2, ok, an attachment. */
let sent: { id: string; content: string }[] = [];

beforeAll(async () => {
  owner = (await h.actor("candidato")) as typeof owner;
  agent = (await h.actor("soporte")) as typeof agent;
  conversationId = (await owner.caller.conversation.create({})).id;
  const steps: [Caller, string, boolean][] = [
    [owner.caller, "hola", false],
    [agent.caller, "NOTE", true],
    [agent.caller, "respuesta", false],
    [owner.caller, "gracias", false],
    [agent.caller, "NOTE 2", true],
    [agent.caller, "ok", false],
  ];
  sent = [];
  for (const [caller, content, internal] of steps) {
    sent.push(await caller.message.send({ conversationId, content, internal }));
  }
  // Every column filled somewhere: an attachment with a client id, and an edited message.
  const attachment = {
    url: "https://files.example.com/cv.pdf",
    name: "cv.pdf",
    mimeType: "application/pdf",
    sizeBytes: 500,
  };
  sent.push(
    await owner.caller.message.send({ conversationId, attachment, clientMessageId: "cid-1" }),
  );
  await owner.caller.message.edit({ id: sent[3]?.id ?? "", content: "gracias!" });
});

const contents = (page: { items: { content: string }[] }) => page.items.map((item) => item.content);
const idOf = (content: string) => {
  const message = sent.find((candidate) => candidate.content === content);
  if (!message) throw new Error(`no message "${content}" in the fixture`);
  return message.id;
};
const NOT_FOUND = { code: "NOT_FOUND", message: texts.conversationNotFound };
const FORBIDDEN = { code: "FORBIDDEN", message: texts.conversationForbidden };

describe("message.list history pages: access", () => {
  it.each([
    ["latest", {}],
    ["before", { before: randomUUID() }],
    ["after", { after: randomUUID() }],
  ])("another candidate's conversation (%s) is FORBIDDEN", async (_shape, cursor) => {
    const other = await h.actor("candidato");
    await expect(other.caller.message.list({ conversationId, ...cursor })).rejects.toMatchObject(
      FORBIDDEN,
    );
  });

  it("another candidate's cursor into the conversation is FORBIDDEN too", async () => {
    const other = await h.actor("candidato");
    for (const cursor of [{ before: idOf("ok") }, { after: idOf("hola") }]) {
      await expect(other.caller.message.list({ conversationId, ...cursor })).rejects.toMatchObject(
        FORBIDDEN,
      );
    }
  });

  it("the statement reads no message of a conversation the candidate may not see", async () => {
    const other = await h.actor("candidato");
    for (const [direction, cursor] of [
      ["latest", null],
      ["before", idOf("ok")],
      ["after", idOf("hola")],
    ] as const) {
      const rows = await selectHistoryRows(
        h.handle.db,
        other.user as Viewer,
        conversationId,
        direction,
        cursor,
        10,
      );
      expect(rows).toEqual([
        expect.objectContaining({ candidate_user_id: owner.user.id, id: null, content: null }),
      ]);
    }
  });

  it("an unknown conversation is NOT_FOUND, for staff and candidates, with or without a cursor", async () => {
    for (const caller of [owner.caller, agent.caller]) {
      for (const cursor of [{}, { before: idOf("ok") }, { after: idOf("hola") }]) {
        await expect(
          caller.message.list({ conversationId: randomUUID(), ...cursor }),
        ).rejects.toMatchObject(NOT_FOUND);
      }
    }
  });

  it("a deleted conversation is NOT_FOUND, even to its candidate and to staff", async () => {
    const { id } = await owner.caller.conversation.create({});
    const message = await owner.caller.message.send({ conversationId: id, content: "borrada" });
    await h.handle.db
      .update(supportConversations)
      .set({ deletedAt: new Date() })
      .where(eq(supportConversations.id, id));
    const other = await h.actor("candidato");
    for (const caller of [owner.caller, agent.caller, other.caller]) {
      for (const cursor of [{}, { before: message.id }, { after: message.id }]) {
        await expect(caller.message.list({ conversationId: id, ...cursor })).rejects.toMatchObject(
          NOT_FOUND,
        );
      }
    }
  });
});

describe("message.list history pages: contents", () => {
  it("an empty conversation is an empty page with the conversation's lastSeq", async () => {
    const { id } = await owner.caller.conversation.create({});
    const { lastSeq } = await owner.caller.conversation.get({ id });
    for (const caller of [owner.caller, agent.caller]) {
      expect(await caller.message.list({ conversationId: id })).toEqual({
        items: [],
        hasMore: false,
        lastSeq,
      });
    }
  });

  it("a candidate whose conversation holds only notes gets an empty page", async () => {
    const { id } = await owner.caller.conversation.create({});
    await agent.caller.message.send({ conversationId: id, content: "solo nota", internal: true });
    const { lastSeq } = await agent.caller.conversation.get({ id });
    expect(await owner.caller.message.list({ conversationId: id })).toEqual({
      items: [],
      hasMore: false,
      lastSeq,
    });
    expect(contents(await agent.caller.message.list({ conversationId: id }))).toEqual([
      "solo nota",
    ]);
  });

  it("lastSeq is the conversation's, on every shape", async () => {
    const { lastSeq } = await agent.caller.conversation.get({ id: conversationId });
    for (const cursor of [{}, { before: idOf("ok") }, { after: idOf("hola") }]) {
      expect((await owner.caller.message.list({ conversationId, ...cursor })).lastSeq).toBe(
        lastSeq,
      );
    }
  });

  it("staff see notes before and after a cursor; the candidate does not", async () => {
    expect(
      contents(await agent.caller.message.list({ conversationId, before: idOf("ok"), limit: 3 })),
    ).toEqual(["respuesta", "gracias!", "NOTE 2"]);
    expect(
      contents(await owner.caller.message.list({ conversationId, before: idOf("ok"), limit: 3 })),
    ).toEqual(["hola", "respuesta", "gracias!"]);
    expect(
      contents(await agent.caller.message.list({ conversationId, after: idOf("hola"), limit: 3 })),
    ).toEqual(["NOTE", "respuesta", "gracias!"]);
    expect(
      contents(await owner.caller.message.list({ conversationId, after: idOf("hola"), limit: 3 })),
    ).toEqual(["respuesta", "gracias!", "ok"]);
  });

  it("returns messages exactly as the page-number path does (sender, dates, every column)", async () => {
    for (const caller of [owner.caller, agent.caller]) {
      const byNumber = await caller.message.list({ conversationId, page: 1, perPage: 100 });
      const latest = await caller.message.list({ conversationId });
      expect(latest.items).toStrictEqual(byNumber.items);
      const [first, ...rest] = byNumber.items;
      expect((await caller.message.list({ conversationId, after: first?.id })).items).toStrictEqual(
        rest,
      );
      expect(latest.items[0]?.createdAt).toBeInstanceOf(Date);
      expect(latest.items.find((item) => item.editedAt)?.editedAt).toBeInstanceOf(Date);
      expect(latest.items.at(-1)).toMatchObject({
        attachmentSizeBytes: 500,
        clientMessageId: "cid-1",
      });
      expect(latest.items[0]?.sender).toEqual({
        id: owner.user.id,
        name: owner.user.name,
        role: "candidato",
      });
    }
  });
});
