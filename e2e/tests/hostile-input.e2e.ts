import { createHmac, randomUUID } from "node:crypto";

import type { APIResponse } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";

/*
 * Bad input against the real Next routes (what vitest cannot reach): the token endpoint, REST body
 * limits and parsing, uploads, and tokens that must not work. Each answer is a clear 4xx in the
 * contract's shape, with no stack trace or internal path in it.
 */

const LEAKS = [/\bat [\w$.<>]+ \(/, /\/work\/|\/home\/|node_modules|\.ts:\d+|\.js:\d+/, /TypeError|ReferenceError|PostgresError|PGlite/];

async function expectClear(response: APIResponse, status: number, message?: string | RegExp) {
  const text = await response.text();
  expect(response.status(), text.slice(0, 300)).toBe(status);
  for (const leak of LEAKS) expect(text).not.toMatch(leak);
  const body = JSON.parse(text) as { success?: boolean; message?: string | string[] };
  expect(body.success).toBe(false);
  const said = Array.isArray(body.message) ? body.message.join(" ") : (body.message ?? "");
  expect(said.length).toBeGreaterThan(0);
  if (message !== undefined) expect(said).toMatch(message);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** An HS256 token like the app's, signed with `secret` (AUTH_SECRET, shared with the server by playwright.config.ts). */
function signToken(claims: Record<string, unknown>, secret: string) {
  const head = `${base64url({ alg: "HS256", typ: "JWT" })}.${base64url(claims)}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

test("the token endpoint refuses malformed, mistyped and oversized bodies", async ({ request }) => {
  const post = (data: string, contentType = "application/json") =>
    // A Buffer goes out byte for byte; a string would be JSON-encoded once more by Playwright.
    request.post("/api/auth/token", { data: Buffer.from(data), headers: { "content-type": contentType } });
  await expectClear(await post("{"), 400, "Indica email y password");
  await expectClear(await post("[]"), 400);
  await expectClear(await post(JSON.stringify({ email: 123, password: null })), 400);
  await expectClear(await post(JSON.stringify({ email: "a@b.c", password: "x".repeat(2000) })), 400);
  // Refused by size before it is parsed (the endpoint reads at most 16 KB).
  await expectClear(await post(JSON.stringify({ email: `${"x".repeat(2_000_000)}@b.c`, password: "x" })), 413, "Petición demasiado grande");
  await expectClear(await post(JSON.stringify({ email: "nadie@example.com", password: "demo1234" })), 401, "Credenciales inválidas");
  // Hostile extra keys on a valid login change nothing about who signs in.
  const login = await post('{"email":"candidato@example.com","password":"demo1234","__proto__":{"role":"admin"},"role":"admin"}');
  expect(login.status()).toBe(200);
  expect(((await login.json()) as { user: { role: string } }).user.role).toBe("candidato");
});

test("REST bodies: over the limit, not JSON, unknown fields, wrong types and nulls", async ({ request }) => {
  const candidate = await restAs(request, "candidato3@example.com");
  const headers = { authorization: `Bearer ${candidate.token}`, "content-type": "application/json" };
  // A session to write into, so that what is refused is the body, not the lack of one.
  if (!(await candidate.get<{ id: string } | null>("/api/chat/session/active")).body.data) await candidate.post("/api/chat/session");
  const session = (await candidate.get<{ id: string; messages: unknown[] }>("/api/chat/session/active")).body.data;
  const stored = session?.messages.length ?? 0;

  const send = (data: string) => request.post("/api/chat/message", { headers, data: Buffer.from(data) });
  await expectClear(await send(JSON.stringify({ message: "x".repeat(70 * 1024) })), 413, "demasiado grande");
  await expectClear(await send("{not json"), 400, "no es JSON válido");
  await expectClear(await send(JSON.stringify({ message: "hola", isAdmin: true })), 400);
  await expectClear(await send(JSON.stringify({ message: 42 })), 400);
  await expectClear(await send(JSON.stringify({ message: null })), 400);
  await expectClear(await send(JSON.stringify(["hola"])), 400);
  await expectClear(await send(JSON.stringify({ message: "hola\u0000" })), 400, "carácter nulo");
  await expectClear(
    await request.post(`/api/support/chat/conversations/${session?.id}/messages`, {
      headers,
      data: { attachment: { url: "javascript:alert(1)", name: "a.pdf", mime_type: "application/pdf", size_bytes: 1 } },
    }),
    400,
    "URL http(s)",
  );
  await expectClear(await request.get("/api/chat/session/not-a-uuid/messages", { headers }), 400, "Identificador no válido");

  const after = (await candidate.get<{ messages: unknown[] }>("/api/chat/session/active")).body.data;
  expect(after?.messages.length).toBe(stored);
});

test("another candidate's session is neither readable nor writable", async ({ request }) => {
  const owner = await restAs(request, "candidato4@example.com");
  const intruder = await restAs(request, "candidato5@example.com");
  if (!(await owner.get<{ id: string } | null>("/api/chat/session/active")).body.data) await owner.post("/api/chat/session");
  const id = (await owner.get<{ id: string }>("/api/chat/session/active")).body.data?.id ?? "";
  const headers = { authorization: `Bearer ${intruder.token}` };
  await expectClear(await request.get(`/api/chat/session/${id}/messages`, { headers }), 403);
  await expectClear(await request.patch(`/api/chat/session/${id}/close`, { headers }), 403);
  await expectClear(await request.post(`/api/support/chat/conversations/${id}/messages`, { headers, data: { content: "hola" } }), 403);
  await expectClear(await request.get(`/api/chat/session/${randomUUID()}/messages`, { headers }), 404);
});

test("forged, expired, unsigned and orphaned tokens are a 401 on REST and uploads", async ({ request }) => {
  const secret = process.env.AUTH_SECRET ?? "";
  const real = await restAs(request, "candidato6@example.com");
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: real.user.id, iss: "atiende", aud: "atiende-api", iat: now, exp: now + 3600 };
  const tokens = {
    "wrong secret": signToken(claims, "not-the-secret-not-the-secret-not-it"),
    "alg none": `${base64url({ alg: "none", typ: "JWT" })}.${base64url(claims)}.`,
    ...(secret
      ? {
          expired: signToken({ ...claims, exp: now - 60 }, secret),
          "a user that does not exist": signToken({ ...claims, sub: randomUUID() }, secret),
        }
      : {}),
    "tampered payload": `${real.token.split(".")[0]}.${base64url({ ...claims, sub: randomUUID() })}.${real.token.split(".")[2]}`,
  };
  expect(Object.keys(tokens).length, "AUTH_SECRET must reach the test for every case").toBe(5);
  for (const token of Object.values(tokens)) {
    const headers = { authorization: `Bearer ${token}` };
    await expectClear(await request.get("/api/chat/session/active", { headers }), 401, "Token inválido o expirado");
    await expectClear(
      await request.post("/api/uploads", { headers, multipart: { file: { name: "a.txt", mimeType: "text/plain", buffer: Buffer.from("hola") } } }),
      401,
    );
  }
});

test("uploads: a type the content does not match, too large, not multipart, empty", async ({ request }) => {
  const candidate = await restAs(request, "candidato@example.com");
  const headers = { authorization: `Bearer ${candidate.token}` };
  const upload = (name: string, mimeType: string, buffer: Buffer) =>
    request.post("/api/uploads", { headers, multipart: { file: { name, mimeType, buffer } } });
  await expectClear(await upload("foto.png", "image/png", Buffer.from("<script>alert(1)</script>")), 415, "no corresponde");
  await expectClear(await upload("page.html", "text/html", Buffer.from("<html></html>")), 415, "no está permitido");
  await expectClear(await upload("big.pdf", "application/pdf", Buffer.alloc(10 * 1024 * 1024 + 128 * 1024, 0x25)), 413, "no puede superar");
  await expectClear(await upload("empty.pdf", "application/pdf", Buffer.alloc(0)), 400);
  await expectClear(await request.post("/api/uploads", { headers: { ...headers, "content-type": "application/json" }, data: Buffer.from("{}") }), 400, "multipart/form-data");
});
