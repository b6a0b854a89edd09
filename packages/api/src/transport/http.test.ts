import { randomUUID } from "node:crypto";

import superjson from "superjson";
import { describe, expect, it } from "vitest";

import { issueToken } from "../auth/token";
import { useHarness } from "../../test/harness";
import { useTestServer } from "../../test/server";

const h = useHarness();
const server = useTestServer(h);

/**
 * A mutation posted as plain JSON takes transport/http.ts's lean path; the same request with a
 * `trpc-accept` header goes to tRPC's own handler. Both must answer alike, or clients could tell.
 */
async function bothWays(path: string, body: string, headers: Record<string, string>) {
  const post = async (extra: Record<string, string>) => {
    const response = await fetch(`${server.origin}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers, ...extra },
      body,
    });
    return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
  };
  const lean = await post({});
  const trpc = await post({ "trpc-accept": "application/json" });
  return { lean, trpc };
}

/** An answer with what differs between two calls that both succeed (ids, times) left out. */
const shape = (text: string) =>
  JSON.parse(
    text.replace(/"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g, '"<id>"').replace(/"\d{4}-\d\d-\d\dT[^"]+"/g, '"<time>"'),
  ) as unknown;

describe("the lean path for JSON mutations", () => {
  it("answers every kind of call as tRPC's own handler does: status, content type and body", async () => {
    const candidate = await h.actor("candidato");
    const stranger = await h.actor("candidato");
    const conversation = await candidate.caller.conversation.create({ subject: "Paridad" });
    const auth = { authorization: `Bearer ${(await issueToken(candidate.user.id, h.services.config)).token}` };
    const strangerAuth = { authorization: `Bearer ${(await issueToken(stranger.user.id, h.services.config)).token}` };
    const send = (content: string) => ({ json: { conversationId: conversation.id, content, clientMessageId: randomUUID() } });

    const cases: [string, string, Record<string, string>][] = [
      // Stored: the same answer but for the new message's id and time.
      ["message.send", JSON.stringify(send("uno")), auth],
      // A batch of two, and a batch whose calls end differently (207).
      ["message.send,message.send?batch=1", JSON.stringify({ 0: send("dos"), 1: send("tres") }), auth],
      ["message.send,message.send?batch=1", JSON.stringify({ 0: send("cuatro"), 1: send("") }), auth],
      // Refusals: invalid input, someone else's conversation, nobody signed in, a bad token.
      ["message.send", JSON.stringify(send("")), auth],
      ["message.send", JSON.stringify({ json: { conversationId: "no-uuid", content: "x" } }), auth],
      ["message.send", JSON.stringify(send("ajeno")), strangerAuth],
      ["message.send", JSON.stringify(send("anónimo")), {}],
      ["message.send", JSON.stringify(send("falso")), { authorization: "Bearer not-a-token" }],
      // No input at all, and a batch whose body is not an object.
      ["message.send", "", auth],
      ["message.send?batch=1", "[]", auth],
      // A NUL character, refused before any handler.
      ["message.send", JSON.stringify(send("a\u0000b")), auth],
    ];
    for (const [path, body, headers] of cases) {
      const { lean, trpc } = await bothWays(path, body, headers);
      expect({ path, body, status: lean.status }).toEqual({ path, body, status: trpc.status });
      expect(lean.type).toBe(trpc.type);
      expect(shape(lean.body)).toEqual(shape(trpc.body));
    }
  });

  it("stores what it answers, once per call, and its answer reads back with the transformer", async () => {
    const candidate = await h.actor("candidato");
    const conversation = await candidate.caller.conversation.create({ subject: "Ida y vuelta" });
    const { token } = await issueToken(candidate.user.id, h.services.config);
    const clientMessageId = randomUUID();
    const body = JSON.stringify(superjson.serialize({ conversationId: conversation.id, content: "¿me leen?", clientMessageId }));
    const answers = [];
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(`${server.origin}/api/trpc/message.send`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body,
      });
      expect(response.status).toBe(200);
      const wire = (await response.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
      answers.push(superjson.deserialize<{ id: string; createdAt: Date; content: string }>(wire.result.data));
    }
    expect(answers[0]?.createdAt).toBeInstanceOf(Date);
    expect(answers[1]?.id).toBe(answers[0]?.id);
    const history = await candidate.caller.message.list({ conversationId: conversation.id });
    expect(history.items.filter((message) => message.content === "¿me leen?")).toHaveLength(1);
  });

  it("leaves what it does not serve to tRPC's handler: a query posted is 405, as before", async () => {
    const candidate = await h.actor("candidato");
    const { token } = await issueToken(candidate.user.id, h.services.config);
    const response = await fetch(`${server.origin}/api/trpc/auth.me`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: "{}",
    });
    expect(response.status).toBe(405);
  });
});
