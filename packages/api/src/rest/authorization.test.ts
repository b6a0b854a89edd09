/**
 * The REST contracts' authorization matrix: every handler × every role × resource, answered in
 * HTTP statuses as the routes send them. The handlers call the tRPC procedures, so access is decided
 * in the same place; this proves the translation keeps every refusal a refusal.
 */
import { randomUUID } from "node:crypto";

import type { User } from "@atiende/db";
import { beforeAll, describe, expect, it } from "vitest";

import type { Caller } from "../../test/harness";
import { useHarness } from "../../test/harness";
import { changedTables, fingerprintTables } from "../../test/hostile";
import type { RestResult } from "./caller";
import { supportConsole, toRestError, widget } from "./index";

const h = useHarness({ SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "1000" });

type RoleKey = "owner" | "other" | "soporte" | "admin" | "developer" | "reclutador" | "anonymous";
const ROLES: RoleKey[] = ["owner", "other", "soporte", "admin", "developer", "reclutador", "anonymous"];

const w = {} as { users: Record<RoleKey, User | null>; conv: string; closable: string };
const none = new URLSearchParams();
const idOf = (resource: string, known: string) => ({ id: resource === "unknown id" ? randomUUID() : known });

type Call = (caller: Caller, resource: string) => Promise<RestResult>;
const CALLS: Record<string, Call> = {
  "widget.getActiveSession": (c) => widget.getActiveSession(c),
  "widget.createSession": (c) => widget.createSession(c),
  "widget.sendChatMessage": (c) => widget.sendChatMessage(c, { message: "hola" }),
  "widget.getSessionMessages": (c, r) => widget.getSessionMessages(c, idOf(r, w.conv)),
  "widget.markSessionRead": (c, r) => widget.markSessionRead(c, idOf(r, w.conv)),
  // Its own conversation, so closing it changes nothing the other rows read.
  "widget.closeSession": (c, r) => widget.closeSession(c, idOf(r, w.closable)),
  "console.createConversation": (c, r) =>
    supportConsole.createConversation(
      c,
      r === "for self" ? {} : { candidate_user_id: r === "for the owner" ? w.users.owner?.id : randomUUID() },
    ),
  "console.listConversations": (c) => supportConsole.listConversations(c, none),
  "console.sendMessage": (c, r) => supportConsole.sendMessage(c, idOf(r, w.conv), { content: "hola" }),
  "console.listMessages": (c, r) => supportConsole.listMessages(c, idOf(r, w.conv), none),
  "console.markRead": (c, r) => supportConsole.markRead(c, idOf(r, w.conv), {}),
  "console.setStatus": (c, r) => supportConsole.setStatus(c, idOf(r, w.conv), { status: "open" }),
};

/** Statuses per role, one per resource; `staff` stands for soporte, admin and developer. */
interface Rule {
  handler: string;
  resources: string[];
  owner: number[];
  other: number[];
  staff: number[];
}
const CONVERSATION = ["owner's conversation", "unknown id"];
const candidateOnly = (handler: string, ok: number): Rule => ({ handler, resources: ["-"], owner: [ok], other: [ok], staff: [403] });
const widgetConversation = (handler: string): Rule => ({
  handler,
  resources: CONVERSATION,
  owner: [200, 404],
  other: [403, 404],
  staff: [403, 403],
});
const conversation = (handler: string, ok: number): Rule => ({
  handler,
  resources: CONVERSATION,
  owner: [ok, 404],
  other: [403, 404],
  staff: [ok, 404],
});
const RULES: Rule[] = [
  candidateOnly("widget.getActiveSession", 200),
  // Allowed, but each candidate already has an open session, and the widget keeps one at a time.
  candidateOnly("widget.createSession", 409),
  candidateOnly("widget.sendChatMessage", 201),
  widgetConversation("widget.getSessionMessages"),
  widgetConversation("widget.markSessionRead"),
  widgetConversation("widget.closeSession"),
  {
    handler: "console.createConversation",
    resources: ["for self", "for the owner", "for an unknown id"],
    owner: [201, 201, 403],
    other: [201, 403, 403],
    staff: [400, 201, 404],
  },
  { handler: "console.listConversations", resources: ["-"], owner: [200], other: [200], staff: [200] },
  conversation("console.sendMessage", 201),
  conversation("console.listMessages", 200),
  conversation("console.markRead", 200),
  conversation("console.setStatus", 200),
];

const rows = RULES.flatMap((rule) =>
  ROLES.flatMap((role) =>
    rule.resources.map((resource, i) => {
      const expected =
        role === "anonymous"
          ? 401
          : role === "reclutador"
            ? 403
            : (role === "owner" || role === "other" ? rule[role] : rule.staff)[i];
      return [rule.handler, role, resource, expected ?? 0] as const;
    }),
  ),
);

async function status(call: Promise<RestResult>): Promise<number> {
  try {
    return (await call).status ?? 200;
  } catch (error) {
    return toRestError(error).status;
  }
}

beforeAll(async () => {
  const users = {} as Record<RoleKey, User | null>;
  for (const role of ROLES) {
    users[role] = role === "anonymous" ? null : await h.createUser(role === "owner" || role === "other" ? "candidato" : role);
  }
  w.users = users;
  w.conv = (await h.callerFor(users.owner).conversation.create({ subject: "Mi sesión" })).id;
  w.closable = (await h.callerFor(users.owner).conversation.create({ subject: "Para cerrar" })).id;
  await h.callerFor(users.other).conversation.create({ subject: "La de otro" });
});

describe("REST authorization matrix: every handler × every role × resource", () => {
  it("has a rule for every handler of both contracts", () => {
    const handlers = [
      ...Object.entries(widget).map(([name, value]) => [`widget.${name}`, value] as const),
      ...Object.entries(supportConsole).map(([name, value]) => [`console.${name}`, value] as const),
    ]
      .filter(([, value]) => typeof value === "function")
      .map(([name]) => name);
    const ruled = new Set(RULES.map((rule) => rule.handler));
    expect(handlers.filter((name) => !ruled.has(name) || !CALLS[name])).toEqual([]);
  });

  it.each(rows)("%s as %s on %s → %i", async (handler, role, resource, expected) => {
    const call = CALLS[handler];
    if (!call) throw new Error(`no call for ${handler}`);
    const caller = h.callerFor(w.users[role]);
    // A refusal stores nothing: every table, updates included, against a fingerprint taken just
    // before the call (as in the hostile suites).
    const before = await fingerprintTables(h.handle.db);
    expect(await status(call(caller, resource))).toBe(expected);
    if (expected >= 400) expect(changedTables(before, await fingerprintTables(h.handle.db))).toEqual([]);
  });
});
