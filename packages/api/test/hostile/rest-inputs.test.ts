/**
 * Property-based: every REST handler (the widget and console contracts), given hostile path
 * parameters, bodies and query strings as each role, answers through toRestError with a 4xx in the
 * contract's envelope, leaks nothing, and stores nothing when it refuses. Handlers are read from
 * the modules: a new one fails this file until it says which arguments it takes.
 */
import type { User } from "@atiende/db";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";

import type { RestResult } from "../../src/rest";
import { supportConsole, toRestError, widget } from "../../src/rest";
import { useHarness } from "../harness";
import type { TableFingerprint } from ".";
import { changedTables, fingerprintTables, leaks } from ".";
import { forbiddenUrl, genericInput, hostileValue, malformedUuid, nearValid, strangerUuid } from "./arbitraries";

// The harness opens a database per file: on a loaded machine that can take more than a minute.
vi.setConfig({ hookTimeout: 180_000 });
const h = useHarness({ SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "1000000" });
const RUNS = Math.ceil(12 * Number(process.env.HOSTILE_RUNS_SCALE ?? 1));

type Argument = "params" | "body" | "query";
type Handler = (...args: never[]) => Promise<RestResult>;

/** What each handler takes after the caller, in order. */
const handlers: Record<string, { handler: Handler; takes: Argument[] }> = {};
const takes: Record<string, Argument[]> = {
  "widget.getActiveSession": [],
  "widget.createSession": [],
  "widget.getSessionMessages": ["params"],
  "widget.sendChatMessage": ["body"],
  "widget.closeSession": ["params"],
  "widget.markSessionRead": ["params"],
  "console.createConversation": ["body"],
  "console.listConversations": ["query"],
  "console.sendMessage": ["params", "body"],
  "console.listMessages": ["params", "query"],
  "console.markRead": ["params", "body"],
  "console.setStatus": ["params", "body"],
};
for (const [prefix, module] of [["widget", widget], ["console", supportConsole]] as const) {
  for (const [name, value] of Object.entries(module)) {
    if (typeof value !== "function") continue;
    handlers[`${prefix}.${name}`] = { handler: value as Handler, takes: takes[`${prefix}.${name}`] ?? [] };
  }
}

const roles = ["candidato", "soporte", "admin", "developer"] as const;
const users = {} as Record<(typeof roles)[number], User>;
let mine = "";
let theirs = "";

beforeAll(async () => {
  for (const role of roles) users[role] = await h.createUser(role);
  const other = await h.createUser("candidato");
  mine = (await h.callerFor(users.candidato).conversation.create({ subject: "Mía" })).id;
  theirs = (await h.callerFor(other).conversation.create({ subject: "Ajena" })).id;
});

const params = () => fc.oneof(genericInput, nearValid({ id: mine }, { id: fc.oneof(fc.constant(theirs), strangerUuid, malformedUuid) }));
const body = () =>
  fc.oneof(
    genericInput,
    nearValid({ message: "hola" }),
    nearValid(
      { content: "hola", message_type: "text" },
      {
        message_type: fc.constantFrom("attachment", "note", "system", "TEXT"),
        attachment: nearValid({ url: "https://cdn.example/a.pdf", name: "a.pdf", mime_type: "application/pdf", size_bytes: 10 }, { url: forbiddenUrl }),
      },
    ),
    nearValid({ status: "resolved" }),
    nearValid({ last_read_message_id: strangerUuid }),
    nearValid({ candidate_user_id: users.candidato.id, subject: "x" }),
  );
const query = () =>
  fc
    .dictionary(
      fc.constantFrom("page", "per_page", "status", "assigned_to_me", "__proto__", "constructor", "x"),
      fc.oneof(fc.constantFrom("0", "-1", "1e9", "NaN", "1.5", "", "open", "true", "999999999999999999999"), hostileValue.map((value) => fc.stringify(value))),
      { maxKeys: 4 },
    )
    .map((entries) => new URLSearchParams(Object.entries(entries)));
const argument = { params, body, query };

describe("hostile input to every REST handler", () => {
  it("every handler of both contracts says which arguments it takes", () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(takes).sort());
  });

  it.each(Object.keys(takes))("%s: a 4xx in the envelope, never a 500 or a leak, a refusal stores nothing", async (name) => {
    const { handler, takes: kinds } = handlers[name] ?? { handler: undefined, takes: [] };
    if (!handler) throw new Error(`${name} is not exported`);
    const state: { before: TableFingerprint } = { before: await fingerprintTables(h.handle.db) };
    const cases = fc.tuple(fc.constantFrom(...roles), fc.tuple(...kinds.map((kind) => argument[kind]())));
    await fc.assert(
      fc.asyncProperty(cases, async ([role, args]) => {
        const caller = h.callerFor(users[role]);
        try {
          await (handler as (...a: unknown[]) => Promise<RestResult>)(caller, ...args);
          state.before = await fingerprintTables(h.handle.db);
        } catch (error) {
          const response = toRestError(error);
          const text = JSON.stringify(response.body);
          const context = `${name} as ${role} with ${fc.stringify(args).slice(0, 300)}: ${response.status} ${text.slice(0, 200)}`;
          expect(response.status, `${context}\n${String((error as Error).stack).slice(0, 600)}`).toBeLessThan(500);
          expect(response.body.message.length, context).toBeGreaterThan(0);
          expect(leaks(text), context).toBeNull();
          expect(changedTables(state.before, await fingerprintTables(h.handle.db)), context).toEqual([]);
        }
      }),
      { numRuns: kinds.length === 0 ? 4 : RUNS, endOnFailure: true },
    );
  }, 180_000);
});
