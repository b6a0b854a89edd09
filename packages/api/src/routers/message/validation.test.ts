import { eq, supportMessages } from "@atiende/db";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";

import { texts } from "../../domain/errors";
import { appRouter } from "../../root";
import type { Caller } from "../../../test/harness";
import { useHarness } from "../../../test/harness";
import { changedTables, fingerprintTables } from "../../../test/hostile";

const h = useHarness({
  SUPPORT_CHAT_MAX_MESSAGE_LENGTH: "20",
  SUPPORT_CHAT_MAX_SUBJECT_LENGTH: "30",
  SUPPORT_CHAT_ATTACHMENT_MAX_BYTES: "1000",
  SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "1000",
});

let caller: Caller;
let conversationId: string;
beforeAll(async () => {
  const candidate = await h.actor("candidato");
  caller = candidate.caller;
  conversationId = (await caller.conversation.create({ subject: "Validación" })).id;
});

/** The call fails with BAD_REQUEST and no table changes (messages, conversations, audit log…). */
async function rejectsAndStoresNothing(call: () => Promise<unknown>) {
  const before = await fingerprintTables(h.handle.db);
  const error = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: "BAD_REQUEST" });
  expect(changedTables(before, await fingerprintTables(h.handle.db))).toEqual([]);
  return error as Error & { code: string; cause?: unknown };
}

const storedContent = async (id: string) =>
  (await h.handle.db.select().from(supportMessages).where(eq(supportMessages.id, id)))[0]?.content;

/** The error as the API's error formatter shapes it for a client. */
const formatted = (error: unknown, input: unknown) =>
  getErrorShape({
    config: appRouter._def._config,
    error: error as never,
    type: "mutation",
    path: "message.send",
    input,
    ctx: undefined,
  });

const pdf = { url: "https://files.example.com/cv.pdf", name: "cv.pdf", mimeType: "application/pdf", sizeBytes: 500 };

describe("message content", () => {
  it.each([[""], ["   "], ["\n"], ["\t \n "], [undefined]])(
    "blank content %j without an attachment is BAD_REQUEST",
    async (content) => {
      await rejectsAndStoresNothing(() => caller.message.send({ conversationId, content }));
    },
  );

  it("blank content is answered 'El mensaje no puede estar vacío', also in the formatted shape", async () => {
    const input = { conversationId, content: "   " };
    const error = await rejectsAndStoresNothing(() => caller.message.send(input));
    expect(error.message).toBe("El mensaje no puede estar vacío");
    const shape = formatted(error, input);
    expect(shape.message).toBe(texts.messageEmpty);
    expect(shape.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
    expect(shape.data).not.toHaveProperty("stack");
  });

  it("the blank-content error keeps its zod issue: a ZodError cause and zodError.fieldErrors.content", async () => {
    const input = { conversationId, content: "\n" };
    const error = await rejectsAndStoresNothing(() => caller.message.send(input));
    expect(formatted(error, input).data.zodError?.fieldErrors).toEqual({ content: [texts.messageEmpty] });
    expect((error.cause as ZodError).issues?.[0]).toMatchObject({ message: texts.messageEmpty, path: ["content"] });
    expect(error.cause).toBeInstanceOf(ZodError);
  });

  it("content over SUPPORT_CHAT_MAX_MESSAGE_LENGTH (20) is BAD_REQUEST with the limit in the message", async () => {
    const error = await rejectsAndStoresNothing(() =>
      caller.message.send({ conversationId, content: "a".repeat(21) }),
    );
    expect(error.message).toBe(texts.messageTooLong(20));
  });

  it("content of exactly the limit is accepted", async () => {
    const sent = await caller.message.send({ conversationId, content: "b".repeat(20) });
    expect(await storedContent(sent.id)).toBe("b".repeat(20));
  });

  it("emoji count as one character each: 20 accepted, 21 rejected", async () => {
    const sent = await caller.message.send({ conversationId, content: "😀".repeat(20) });
    expect(await storedContent(sent.id)).toBe("😀".repeat(20));
    await rejectsAndStoresNothing(() => caller.message.send({ conversationId, content: "😀".repeat(21) }));
  });
});

describe("with the default limits", () => {
  const d = useHarness();

  it("HTML content is stored verbatim, neither escaped nor stripped", async () => {
    const candidate = await d.actor("candidato");
    const conversation = await candidate.caller.conversation.create({});
    const content = "<img src=x onerror=alert(1)>";
    const sent = await candidate.caller.message.send({ conversationId: conversation.id, content });
    expect(sent.content).toBe(content);
    const [row] = await d.handle.db.select().from(supportMessages).where(eq(supportMessages.id, sent.id));
    expect(row?.content).toBe(content);
    expect((await candidate.caller.message.list({ conversationId: conversation.id })).items[0]?.content).toBe(content);
  });
});

describe("attachments", () => {
  it("an attachment-only message is accepted as messageType 'attachment'", async () => {
    const sent = await caller.message.send({ conversationId, attachment: pdf });
    expect(sent).toMatchObject({
      messageType: "attachment",
      content: "",
      attachmentUrl: pdf.url,
      attachmentName: "cv.pdf",
      attachmentMimeType: "application/pdf",
      attachmentSizeBytes: 500,
    });
  });

  it.each([
    "javascript:alert(1)",
    "data:text/html,x",
    "file:///etc/passwd",
    "/relative/path",
    "ftp://x",
    "https://",
    "notaurl",
  ])("url %s is BAD_REQUEST", async (url) => {
    const error = await rejectsAndStoresNothing(() =>
      caller.message.send({ conversationId, content: "mira", attachment: { ...pdf, url } }),
    );
    expect(error.message).toBe(texts.attachmentUrl);
  });

  it("an absolute https url is accepted", async () => {
    const url = "https://cdn.example.com/a/b.png?x=1";
    const sent = await caller.message.send({
      conversationId,
      attachment: { ...pdf, url, mimeType: "image/png", name: "b.png" },
    });
    expect(sent.attachmentUrl).toBe(url);
  });

  it.each(["text/html", "application/x-msdownload", "image/svg+xml"])(
    "mime type %s outside the allowed list is BAD_REQUEST",
    async (mimeType) => {
      const error = await rejectsAndStoresNothing(() =>
        caller.message.send({ conversationId, attachment: { ...pdf, mimeType } }),
      );
      expect(error.message).toBe(texts.attachmentMime(mimeType));
    },
  );

  it("size over SUPPORT_CHAT_ATTACHMENT_MAX_BYTES is BAD_REQUEST; exactly the limit is accepted", async () => {
    await rejectsAndStoresNothing(() =>
      caller.message.send({ conversationId, attachment: { ...pdf, sizeBytes: 1001 } }),
    );
    await rejectsAndStoresNothing(() =>
      caller.message.send({ conversationId, attachment: { ...pdf, sizeBytes: -1 } }),
    );
    const sent = await caller.message.send({ conversationId, attachment: { ...pdf, sizeBytes: 1000 } });
    expect(sent.attachmentSizeBytes).toBe(1000);
  });
});

describe("input shape", () => {
  it.each([
    ["senderUserId", { senderUserId: "00000000-0000-4000-8000-000000000000" }],
    ["createdAt", { createdAt: new Date(0) }],
    ["messageType", { messageType: "system" }],
  ])("unknown field %s is BAD_REQUEST", async (_field, extra) => {
    await rejectsAndStoresNothing(() =>
      caller.message.send({ conversationId, content: "hola", ...(extra as object) }),
    );
  });

  it.each(["abc", "1 or 1=1", "", "00000000-0000-0000-0000-00000000000g"])(
    "malformed conversation id %j is BAD_REQUEST for send, list and get",
    async (id) => {
      await rejectsAndStoresNothing(() => caller.message.send({ conversationId: id, content: "hola" }));
      await rejectsAndStoresNothing(() => caller.message.list({ conversationId: id }));
      await rejectsAndStoresNothing(() => caller.conversation.get({ id }));
    },
  );
});

describe("conversation subject", () => {
  it("a subject over SUPPORT_CHAT_MAX_SUBJECT_LENGTH (30) is BAD_REQUEST and stores no conversation", async () => {
    const error = await rejectsAndStoresNothing(() => caller.conversation.create({ subject: "s".repeat(31) }));
    expect(error.message).toBe(texts.subjectTooLong(30));
  });

  it("a subject of exactly the limit is accepted", async () => {
    const created = await caller.conversation.create({ subject: "s".repeat(30) });
    expect(created.subject).toBe("s".repeat(30));
  });
});
