/**
 * Bad input over the wire, against a real server: malformed and oversized bodies, prototype
 * pollution through superjson's metadata, forged, expired, unsigned and orphaned tokens, another
 * candidate's ids, forbidden attachment URLs. Each is a clear 4xx with a helpful message, shows no
 * stack trace or internal path, and stores nothing.
 */
import { randomUUID } from "node:crypto";

import type { User } from "@atiende/db";
import { SignJWT } from "jose";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { issueToken } from "../../src/auth/token";
import { texts } from "../../src/domain/errors";
import { useHarness } from "../harness";
import type { RawResponse, TableFingerprint } from ".";
import { callTrpc, changedTables, fingerprintTables, leaks, readResponse, trpcError } from ".";
import { useTestServer } from "../server";

// The harness opens a database per file: on a loaded machine that can take more than a minute.
vi.setConfig({ hookTimeout: 180_000 });
const h = useHarness();
const server = useTestServer(h);
let candidate: User;
let other: User;
let token: string;
let mine: string;
let theirs: string;
let theirMessage: string;
let before: TableFingerprint;

beforeAll(async () => {
  candidate = await h.createUser("candidato");
  other = await h.createUser("candidato");
  mine = (await h.callerFor(candidate).conversation.create({ subject: "Mía" })).id;
  theirs = (await h.callerFor(other).conversation.create({ subject: "Ajena" })).id;
  theirMessage = (await h.callerFor(other).message.send({ conversationId: theirs, content: "privado" })).id;
  token = (await issueToken(candidate.id, h.services.config)).token;
});

const post = async (path: string, body: string, headers: Record<string, string> = {}) =>
  readResponse(
    await fetch(`${server.origin}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      body,
    }),
  );

/** A refusal: the status, a message a person can read, nothing internal, nothing stored. */
async function expectRefused(response: RawResponse, status: number, message?: string | RegExp) {
  expect(response.status, response.text.slice(0, 300)).toBe(status);
  expect(leaks(response.text), response.text.slice(0, 300)).toBeNull();
  const error = trpcError(response.body);
  expect(error?.message.length ?? 0, response.text.slice(0, 300)).toBeGreaterThan(0);
  expect(error?.data.stack).toBeUndefined();
  if (message !== undefined) expect(error?.message).toMatch(message);
  expect(changedTables(before, await fingerprintTables(h.handle.db))).toEqual([]);
}

describe("tRPC over HTTP: malformed and oversized requests", () => {
  beforeEach(async () => {
    before = await fingerprintTables(h.handle.db);
  });

  it("a body that is not JSON is a 400 parse error", async () => {
    for (const body of ["{", "not json", '{"json":', "\u0000\u0001", "[1,2"]) {
      await expectRefused(await post("message.send", body), 400);
    }
  });

  it("a body beyond the 1 MB limit is a 413, and nothing of it is stored", async () => {
    const content = "x".repeat(1024 * 1024 + 10);
    await expectRefused(await post("message.send", JSON.stringify({ json: { conversationId: mine, content } })), 413);
  });

  it("wrong types, nulls, unknown fields and malformed ids each name the field", async () => {
    const cases: [unknown, string][] = [
      [{ conversationId: mine, content: 42 }, "content"],
      [{ conversationId: null, content: "hola" }, "conversationId"],
      [{ conversationId: "abc", content: "hola" }, "conversationId"],
      [{ conversationId: mine, content: "hola", isAdmin: true }, "isAdmin"],
      [{ conversationId: mine, content: "x".repeat(100_001) }, "content"],
      [{ conversationId: mine, content: "hola", clientMessageId: "" }, "clientMessageId"],
    ];
    for (const [input, field] of cases) {
      const response = await callTrpc(server.origin, "message.send", "mutation", input, token);
      await expectRefused(response, 400);
      expect(response.text).toContain(field);
    }
  });

  it("a message over the deployment's length limit says the limit", async () => {
    const response = await callTrpc(server.origin, "message.send", "mutation", { conversationId: mine, content: "x".repeat(4001) }, token);
    await expectRefused(response, 400, texts.messageTooLong(4000));
  });

  it("a NUL character or a lone surrogate is refused up front instead of failing in PostgreSQL", async () => {
    for (const [path, input] of [
      ["message.send", { conversationId: mine, content: "hola\u0000" }],
      ["conversation.create", { subject: "\u0000" }],
      ["conversation.list", { q: "a\u0000b" }],
      ["message.send", { conversationId: mine, content: "hola \ud800" }],
      ["conversation.create", { subject: "\udc00 asunto" }],
      ["conversation.list", { q: "\ud83d" }],
    ] as const) {
      const type = path === "conversation.list" ? "query" : "mutation";
      await expectRefused(await callTrpc(server.origin, path, type, input, token), 400, texts.unstorableCharacter);
    }
  });

  it("a whole surrogate pair (an emoji) is text like any other", async () => {
    const response = await callTrpc(server.origin, "message.send", "mutation", { conversationId: mine, content: "hola \ud83d\ude00" }, token);
    expect(response.status).toBe(200);
  });

  it("forbidden attachment URL schemes are refused with the rule", async () => {
    for (const url of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "//evil.example/a.png"]) {
      const attachment = { url, name: "cv.pdf", mimeType: "application/pdf", sizeBytes: 10 };
      const response = await callTrpc(server.origin, "message.send", "mutation", { conversationId: mine, attachment }, token);
      await expectRefused(response, 400, texts.attachmentUrl);
    }
  });

  it("an attachment of a refused type or size is refused with the rule", async () => {
    const base = { url: "https://cdn.example/x", name: "x", mimeType: "application/pdf", sizeBytes: 10 };
    const html = await callTrpc(server.origin, "message.send", "mutation", { conversationId: mine, attachment: { ...base, mimeType: "text/html" } }, token);
    await expectRefused(html, 400, texts.attachmentMime("text/html"));
    const huge = await callTrpc(server.origin, "message.send", "mutation", { conversationId: mine, attachment: { ...base, sizeBytes: 10 * 1024 * 1024 + 1 } }, token);
    await expectRefused(huge, 400, /no puede superar/);
    const negative = await callTrpc(server.origin, "message.send", "mutation", { conversationId: mine, attachment: { ...base, sizeBytes: -1 } }, token);
    await expectRefused(negative, 400);
  });

  it("prototype pollution through the JSON or superjson's metadata changes no object", async () => {
    // Some of these are valid sends once the hostile part is ignored: only the prototypes matter.
    const bodies = [
      `{"json":{"conversationId":"${mine}","content":"hola","__proto__":{"polluted":true}}}`,
      `{"json":{"conversationId":"${mine}","content":"hola"},"meta":{"values":{"__proto__.polluted":["undefined"]}}}`,
      `{"json":{"conversationId":"${mine}","content":"hola"},"meta":{"referentialEqualities":{"content":["__proto__.polluted"]}}}`,
      `{"json":{"a":{}},"meta":{"values":{"a.constructor.prototype.polluted":["set"]}}}`,
      `{"json":{"conversationId":"${mine}","content":"hola","constructor":{"prototype":{"polluted":true}}}}`,
    ];
    for (const body of bodies) {
      const response = await post("message.send", body);
      expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
      expect(leaks(response.text)).toBeNull();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty("polluted");
      if (response.status < 300) expect(JSON.stringify(response.body)).not.toContain("polluted");
    }
  });

  it("an unknown procedure is a 404 and a query called as a mutation a 405", async () => {
    await expectRefused(await post("message.sendAll", "{}"), 404);
    await expectRefused(await post("message.list", JSON.stringify({ json: { conversationId: mine } })), 405);
  });
});

describe("tokens that must not work", () => {
  const secret = () => new TextEncoder().encode(h.services.config.auth.secret);
  const sign = (claims: { sub?: string; iss?: string; aud?: string }, alg = "HS256", key = secret(), exp: number | string = "1h") =>
    new SignJWT({})
      .setProtectedHeader({ alg, typ: "JWT" })
      .setSubject(claims.sub ?? candidate.id)
      .setIssuer(claims.iss ?? "atiende")
      .setAudience(claims.aud ?? "atiende-api")
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key);
  const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

  it("forged, expired, unsigned, orphaned and malformed tokens are a 401 with the same message", async () => {
    before = await fingerprintTables(h.handle.db);
    const now = Math.floor(Date.now() / 1000);
    const tokens = {
      "wrong secret": await sign({}, "HS256", new TextEncoder().encode("not-the-secret-not-the-secret-xx")),
      expired: await sign({}, "HS256", secret(), now - 60),
      "alg none": `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ sub: candidate.id, iss: "atiende", aud: "atiende-api", exp: now + 3600 })}.`,
      "HS512 with the right secret": await sign({}, "HS512"),
      "another issuer": await sign({ iss: "evil" }),
      "another audience": await sign({ aud: "other-api" }),
      "a user that does not exist": await sign({ sub: randomUUID() }),
      "a subject that is no uuid": await sign({ sub: "' or 1=1 --" }),
      "the signature of another token": `${token.split(".").slice(0, 2).join(".")}.${(await sign({ sub: other.id })).split(".")[2]}`,
      garbage: "abc.def.ghi",
      huge: "a".repeat(9000),
    };
    for (const [label, bad] of Object.entries(tokens)) {
      const send = await callTrpc(server.origin, "message.send", "mutation", { conversationId: mine, content: label }, bad);
      await expectRefused(send, 401, texts.unauthorized);
      const me = await callTrpc(server.origin, "auth.me", "query", undefined, bad);
      await expectRefused(me, 401, texts.unauthorized);
    }
  });

  it("a valid token of a role outside the chat is a 403", async () => {
    before = await fingerprintTables(h.handle.db);
    const outsider = await h.createUser("reclutador");
    before = await fingerprintTables(h.handle.db);
    const { token: outsiderToken } = await issueToken(outsider.id, h.services.config);
    await expectRefused(await callTrpc(server.origin, "conversation.create", "mutation", {}, outsiderToken), 403, texts.forbiddenRole);
  });
});

describe("another candidate's ids", () => {
  it("reading, writing, marking or resuming another candidate's conversation is refused and stores nothing", async () => {
    before = await fingerprintTables(h.handle.db);
    const calls: [string, "query" | "mutation", unknown][] = [
      ["conversation.get", "query", { id: theirs }],
      ["conversation.readers", "query", { id: theirs }],
      ["message.list", "query", { conversationId: theirs }],
      ["message.send", "mutation", { conversationId: theirs, content: "hola" }],
      ["message.edit", "mutation", { id: theirMessage, content: "editado" }],
      ["conversation.markRead", "mutation", { id: theirs }],
      ["conversation.markRead", "mutation", { id: mine, lastReadMessageId: theirMessage }],
      ["conversation.setStatus", "mutation", { id: theirs, status: "resolved" }],
      ["live.typing", "mutation", { conversationId: theirs, isTyping: true }],
      ["conversation.list", "query", { candidateUserId: other.id }],
    ];
    for (const [path, type, input] of calls) {
      const response = await callTrpc(server.origin, path, type, input, token);
      if (path === "conversation.list") {
        // Listing is scoped to the caller: another candidate's filter simply finds nothing.
        expect(JSON.stringify(response.body)).not.toContain(theirs);
        continue;
      }
      expect([400, 403, 404], `${path}: ${response.text.slice(0, 200)}`).toContain(response.status);
      expect(response.text).not.toContain("privado");
      await expectRefused(response, response.status);
    }
  });
});
