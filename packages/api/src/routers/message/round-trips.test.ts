/**
 * The guard on the hot path's database round trips: every statement the driver sends during one
 * call is counted at the driver itself (postgres.js's `debug` hook, PGlite's query methods), on the
 * real routers. A change that adds a round trip to a send or a history page fails here on purpose,
 * long before a benchmark run would show it. If the extra trip pays for itself (measure it with
 * `pnpm bench:live`), change the number below in the same commit and say why in its message.
 */
import { eq, supportConversations } from "@atiende/db";
import { beforeAll, describe, expect, it } from "vitest";

import { issueToken } from "../../auth/token";
import type { Caller } from "../../../test/harness";
import { useHarness } from "../../../test/harness";
import { useTestServer } from "../../../test/server";

const ROUND_TRIPS = {
  /** The one send statement (store.ts). */
  plainSend: 1,
  /** The same statement finds the twin; the stored message is then read back with its sender. */
  retry: 2,
  /** The same statement reopens the conversation too (two numbered events). */
  reopeningSend: 1,
  /** One statement: the conversation and a page of its messages (domain/message-queries.ts). */
  historyPage: 1,
  /**
   * One message.send as the browser sends it, an HTTP request with a bearer token, from a caller
   * this instance has read before: the send statement alone, which confirms the remembered user
   * (a disabled account or a changed password still ends the token at once: store.ts's `caller`).
   */
  httpSend: 1,
} as const;

let recording = false;
const statements: string[] = [];
const h = useHarness(
  { SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "1000" },
  { onStatement: (text) => void (recording && statements.push(text)) },
);

/** The statements `call` sends, in order. Nothing else runs meanwhile: these tests are sequential. */
async function statementsOf(call: () => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  recording = true;
  try {
    await call();
  } finally {
    recording = false;
  }
  return [...statements];
}

function expectRoundTrips(name: keyof typeof ROUND_TRIPS, sent: string[]) {
  const listing = sent.map((text, i) => `  ${i + 1}. ${text.replace(/\s+/g, " ").trim().slice(0, 160)}`).join("\n");
  expect(
    sent.length,
    `${name} now makes ${sent.length} database round trips, not ${ROUND_TRIPS[name]}:\n${listing}\n` +
      `If that is deliberate and measured (pnpm bench:live), update ROUND_TRIPS.${name} in this file.`,
  ).toBe(ROUND_TRIPS[name]);
}

const server = useTestServer(h);

let candidate: { caller: Caller; user: { id: string } };
let agent: { caller: Caller };
let conversationId: string;
let token: string;

beforeAll(async () => {
  candidate = await h.actor("candidato");
  agent = await h.actor("soporte");
  conversationId = (await candidate.caller.conversation.create({})).id;
  ({ token } = await issueToken(candidate.user.id, h.services.config));
  // Each statement once before counting: postgres.js prepares a statement the first time it runs it
  // on a connection, and every shape counted below is then a cached one, as in a running server.
  for (let i = 0; i < 3; i += 1) {
    await sendOverHttp(`por http ${i}`);
    await candidate.caller.message.send({ conversationId, content: `hola ${i}`, clientMessageId: `warm-${i}` });
    await candidate.caller.message.send({ conversationId, content: `hola ${i}`, clientMessageId: `warm-${i}` });
    await agent.caller.message.send({ conversationId, content: `respuesta ${i}` });
    await candidate.caller.message.list({ conversationId, limit: 5 });
  }
});

/** One POST to /api/trpc/message.send with the candidate's bearer token; the stored message's id. */
async function sendOverHttp(content: string): Promise<string> {
  const response = await fetch(`${server.origin}/api/trpc/message.send`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ json: { conversationId, content } }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { result: { data: { json: { id: string } } } };
  return body.result.data.json.id;
}

describe("database round trips of one call", () => {
  it("a plain message.send is one statement, and stores its message", async () => {
    let id = "";
    const sent = await statementsOf(async () => {
      id = (await candidate.caller.message.send({ conversationId, content: "una más" })).id;
    });
    expectRoundTrips("plainSend", sent);
    const page = await candidate.caller.message.list({ conversationId, limit: 1 });
    expect(page.items.map((item) => item.id)).toEqual([id]);
  });

  it("a message.send over HTTP with a bearer token is the send statement alone", async () => {
    let id = "";
    const sent = await statementsOf(async () => {
      id = await sendOverHttp("por http");
    });
    expectRoundTrips("httpSend", sent);
    const page = await candidate.caller.message.list({ conversationId, limit: 1 });
    expect(page.items.map((item) => item.id)).toEqual([id]);
  });

  it("a retry with the same clientMessageId answers the stored message and stores nothing", async () => {
    const first = await candidate.caller.message.send({ conversationId, content: "otra", clientMessageId: "guard-1" });
    let again = "";
    const sent = await statementsOf(async () => {
      again = (await candidate.caller.message.send({ conversationId, content: "otra", clientMessageId: "guard-1" })).id;
    });
    expectRoundTrips("retry", sent);
    expect(again).toBe(first.id);
  });

  it("a candidate's send into a resolved conversation reopens it", async () => {
    // Twice, so the second (counted) one runs the transactional path's statements already prepared.
    let sent: string[] = [];
    for (let round = 0; round < 2; round += 1) {
      await agent.caller.conversation.setStatus({ id: conversationId, status: "resolved" });
      sent = await statementsOf(() =>
        candidate.caller.message.send({ conversationId, content: `vuelvo ${round}` }),
      );
      const [row] = await h.handle.db
        .select({ status: supportConversations.status })
        .from(supportConversations)
        .where(eq(supportConversations.id, conversationId));
      expect(row?.status).toBe("open");
    }
    expectRoundTrips("reopeningSend", sent);
  });

  it.each([
    ["candidate", () => candidate],
    ["agent", () => agent],
  ])("one history page (%s) is one statement", async (_who, actor) => {
    const latest = await actor().caller.message.list({ conversationId, limit: 3 });
    const before = latest.items[0]?.id;
    expect(before).toBeDefined();
    let items = 0;
    const sent = await statementsOf(async () => {
      items = (await actor().caller.message.list({ conversationId, limit: 3, before })).items.length;
    });
    expectRoundTrips("historyPage", sent);
    expect(items).toBe(3);
  });
});
