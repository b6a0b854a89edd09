import { randomUUID } from "node:crypto";

import type { User } from "@atiende/db";
import { auditLog, webhookDeliveries, webhookEndpoints } from "@atiende/db";
import { beforeAll, describe, expect, it } from "vitest";

import { appRouter } from "../root";
import type { Caller } from "../../test/harness";
import { useHarness } from "../../test/harness";
import { changedTables, fingerprintTables } from "../../test/hostile";

const h = useHarness();

type RoleKey = "owner" | "other" | "soporte" | "admin" | "developer" | "reclutador" | "anonymous";
type Outcome = "ok" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "BAD_REQUEST" | "CONFLICT";
const ROLES: RoleKey[] = ["owner", "other", "soporte", "admin", "developer", "reclutador", "anonymous"];
const STAFF: RoleKey[] = ["soporte", "admin", "developer"];

const must = <T>(value: T | null | undefined): T => {
  if (value === null || value === undefined) throw new Error("missing test fixture");
  return value;
};

interface World {
  users: Record<RoleKey, User | null>;
  agent2: User;
  conv: string; // the owner's conversation
  otherConv: string; // the other candidate's conversation
  ownMessage: Partial<Record<RoleKey, string>>;
  agentMessage: string; // sent by a second soporte into the owner's conversation
  ownerMessage: string;
  savedReply: Partial<Record<RoleKey, string>>; // one per staff role, so each can remove its own
  webhook: string;
  removableWebhook: string;
  delivery: string; // a finished delivery, which an admin may send again
  account: User; // whose role and password the admin procedures change
  label: string;
  removableLabel: string;
}
const w = {} as World;

/** What each procedure does with a resource label, as the given role. */
type Call = (caller: Caller, role: RoleKey, resource: string) => Promise<unknown>;
const convId = (resource: string) => (resource === "unknown id" ? randomUUID() : w.conv);
const CALLS = {
  "auth.me": (c) => c.auth.me(),
  "conversation.create": (c, _role, r) =>
    c.conversation.create(
      r === "for self" ? {} : { candidateUserId: r === "for the owner" ? must(w.users.owner).id : randomUUID() },
    ),
  "conversation.list": (c) => c.conversation.list(),
  "conversation.get": (c, _role, r) => c.conversation.get({ id: convId(r) }),
  "conversation.setStatus": (c, _role, r) => c.conversation.setStatus({ id: convId(r), status: "resolved" }),
  "conversation.assign": (c, role, r) =>
    c.conversation.assign({ id: convId(r), supportUserId: w.users[role]?.id ?? w.agent2.id }),
  "conversation.setPriority": (c, _role, r) => c.conversation.setPriority({ id: convId(r), priority: "high" }),
  "conversation.markRead": (c, _role, r) => c.conversation.markRead({ id: convId(r) }),
  "message.list": (c, _role, r) => c.message.list({ conversationId: convId(r) }),
  "message.send": (c, role, r) => c.message.send({ conversationId: convId(r), content: `hola de ${role}` }),
  "message.edit": (c, role, r) => {
    const id =
      r === "unknown id"
        ? randomUUID()
        : r === "own message"
          ? (w.ownMessage[role] ?? w.ownerMessage)
          : role === "other"
            ? w.ownerMessage
            : w.agentMessage;
    return c.message.edit({ id, content: `editado por ${role}` });
  },
  "message.send (internal note)": (c, role, r) =>
    c.message.send({ conversationId: convId(r), content: `nota de ${role}`, internal: true }),
  "savedReply.list": (c) => c.savedReply.list(),
  "savedReply.create": (c, role) => c.savedReply.create({ shortcut: `${role}-${randomUUID().slice(0, 8)}`, content: "Hola" }),
  "savedReply.update": (c, role, r) =>
    c.savedReply.update({ id: r === "unknown id" ? randomUUID() : (w.savedReply[role] ?? randomUUID()), content: "Buenas" }),
  "savedReply.remove": (c, role, r) =>
    c.savedReply.remove({ id: r === "unknown id" ? randomUUID() : (w.savedReply[role] ?? randomUUID()) }),
  "user.candidates": (c) => c.user.candidates({ q: "candidato" }),
  "user.staff": (c) => c.user.staff(),
  "metrics.summary": (c) => c.metrics.summary({ from: "2025-03-01", to: "2025-03-31" }),
  "metrics.timeseries": (c) => c.metrics.timeseries({ from: "2025-03-01", to: "2025-03-31" }),
  "conversation.readers": (c, _role, r) => c.conversation.readers({ id: convId(r) }),
  "conversation.ratings": (c, _role, r) => c.conversation.ratings({ id: convId(r) }),
  // The conversation is open: its candidate may not rate it yet, nobody else ever may.
  "conversation.rate": (c, _role, r) => c.conversation.rate({ id: convId(r), score: 5 }),
  "live.typing": (c, _role, r) => c.live.typing({ conversationId: convId(r), isTyping: true }),
  "live.presence": (c) => c.live.presence(),
  "live.setPresence": (c) => c.live.setPresence({ status: "away" }),
  // Subscriptions from the start, so an allowed one yields a stored event at once.
  "live.conversation": async (c, _role, r) => firstEvent(await c.live.conversation({ conversationId: convId(r), lastEventId: "0" })),
  "live.inbox": async (c) => firstEvent(await c.live.inbox({ lastEventId: "0" })),
  // Always with a wrong current password: the fixtures' credentials must stay valid.
  "user.changePassword": (c) => c.user.changePassword({ currentPassword: "no-es-la-clave", newPassword: "otra-clave-larga" }),
  "user.setDisabled": (c, _role, r) =>
    c.user.setDisabled({ userId: r === "unknown id" ? randomUUID() : w.agent2.id, disabled: false }),
  "webhook.list": (c) => c.webhook.list(),
  "webhook.create": (c) => c.webhook.create({ url: "https://hooks.example.com/atiende", events: ["message.created"] }),
  "webhook.update": (c, _role, r) => c.webhook.update({ id: r === "unknown id" ? randomUUID() : w.webhook, enabled: false }),
  "webhook.remove": (c, _role, r) => c.webhook.remove({ id: r === "unknown id" ? randomUUID() : w.removableWebhook }),
  "webhook.deliveries": (c) => c.webhook.deliveries({}),
  "webhook.redeliver": (c, _role, r) => c.webhook.redeliver({ id: r === "unknown id" ? randomUUID() : w.delivery }),
  "webhook.attempts": (c, _role, r) => c.webhook.attempts({ id: r === "unknown id" ? randomUUID() : w.delivery }),
  "user.people": (c) => c.user.people({ q: "soporte" }),
  "user.create": (c, role) => c.user.create({ name: "Nueva", email: `nueva-${role}-${randomUUID()}@test.example`, role: "soporte" }),
  "user.setRole": (c, _role, r) => c.user.setRole({ userId: r === "unknown id" ? randomUUID() : w.account.id, role: "soporte" }),
  "user.resetPassword": (c, _role, r) => c.user.resetPassword({ userId: r === "unknown id" ? randomUUID() : w.account.id }),
  "audit.list": (c) => c.audit.list({ limit: 5 }),
  "label.list": (c) => c.label.list(),
  "label.create": (c, role) => c.label.create({ name: `${role}-${randomUUID().slice(0, 8)}`, color: "teal" }),
  "label.update": (c, _role, r) => c.label.update({ id: r === "unknown id" ? randomUUID() : w.label, color: "pink" }),
  "label.remove": (c, _role, r) => c.label.remove({ id: r === "unknown id" ? randomUUID() : w.removableLabel }),
  "label.attach": (c, _role, r) => c.label.attach({ conversationId: convId(r), labelId: w.label }),
  "label.detach": (c, _role, r) => c.label.detach({ conversationId: convId(r), labelId: w.label }),
  "metrics.byLabel": (c) => c.metrics.byLabel({ from: "2025-03-01", to: "2025-03-31" }),
  "team.members": (c) => c.team.members(),
  "team.queue": (c) => c.team.queue(),
  "team.handOver": (c, _role, r) => c.team.handOver({ conversationId: convId(r), toUserId: w.agent2.id, note: "Te la paso" }),
  "notification.settings": (c) => c.notification.settings(),
  "notification.update": (c) => c.notification.update({ locale: "en" }),
  "notification.pushKey": (c) => c.notification.pushKey(),
  "notification.subscribePush": (c) =>
    c.notification.subscribePush({ endpoint: `https://203.0.113.7/push/${randomUUID()}`, keys: { p256dh: "B".repeat(87), auth: "A".repeat(22) } }),
  "notification.unsubscribePush": (c) => c.notification.unsubscribePush({ endpoint: `https://203.0.113.7/push/${randomUUID()}` }),
  "businessHours.get": (c) => c.businessHours.get(),
  "businessHours.set": (c) =>
    c.businessHours.set({ enabled: false, timeZone: "UTC", weekly: [null, null, null, null, null, null, null], closedDays: [] }),
} satisfies Record<string, Call>;

/** The first event a subscription delivers (then it is closed), or its refusal. */
async function firstEvent(events: AsyncIterable<unknown>): Promise<unknown> {
  for await (const event of events) return event;
  throw new Error("the subscription ended without an event");
}
type Procedure = keyof typeof CALLS;

/** Outcomes per role, one per resource, in the order of `resources`. */
interface Rule {
  procedure: Procedure;
  resources: string[];
  /** `admin` when admins differ from the other staff roles. */
  outcomes: { owner: Outcome[]; other: Outcome[]; staff: Outcome[]; admin?: Outcome[] };
}
const CONVERSATION = ["owner's conversation", "unknown id"];
const conversationRule = (procedure: Procedure): Rule => ({
  procedure,
  resources: CONVERSATION,
  outcomes: { owner: ["ok", "NOT_FOUND"], other: ["FORBIDDEN", "NOT_FOUND"], staff: ["ok", "NOT_FOUND"] },
});
const staffOnlyRule = (procedure: Procedure): Rule => ({
  procedure,
  resources: CONVERSATION,
  outcomes: { owner: ["FORBIDDEN", "FORBIDDEN"], other: ["FORBIDDEN", "FORBIDDEN"], staff: ["ok", "NOT_FOUND"] },
});
const SAVED_REPLY = ["a saved reply", "unknown id"];
const staffOnly = (procedure: Procedure): Rule => ({
  procedure,
  resources: ["-"],
  outcomes: { owner: ["FORBIDDEN"], other: ["FORBIDDEN"], staff: ["ok"] },
});
const adminOnly = (procedure: Procedure, resources = ["-"]): Rule => ({
  procedure,
  resources,
  outcomes: {
    owner: resources.map(() => "FORBIDDEN"),
    other: resources.map(() => "FORBIDDEN"),
    staff: resources.map(() => "FORBIDDEN"),
    admin: resources.map((r) => (r === "unknown id" ? "NOT_FOUND" : "ok")),
  },
});
const WEBHOOK = ["an endpoint", "unknown id"];
const RULES: Rule[] = [
  { procedure: "auth.me", resources: ["-"], outcomes: { owner: ["ok"], other: ["ok"], staff: ["ok"] } },
  // One's own settings: nobody else's can even be named.
  { procedure: "notification.settings", resources: ["-"], outcomes: { owner: ["ok"], other: ["ok"], staff: ["ok"] } },
  { procedure: "notification.update", resources: ["-"], outcomes: { owner: ["ok"], other: ["ok"], staff: ["ok"] } },
  // One's own devices: an endpoint someone else subscribed is left alone (see push.test.ts).
  { procedure: "notification.pushKey", resources: ["-"], outcomes: { owner: ["ok"], other: ["ok"], staff: ["ok"] } },
  { procedure: "notification.subscribePush", resources: ["-"], outcomes: { owner: ["ok"], other: ["ok"], staff: ["ok"] } },
  { procedure: "notification.unsubscribePush", resources: ["-"], outcomes: { owner: ["ok"], other: ["ok"], staff: ["ok"] } },
  // The candidate's chat shows when the team is back: everyone reads the hours, admins set them.
  { procedure: "businessHours.get", resources: ["-"], outcomes: { owner: ["ok"], other: ["ok"], staff: ["ok"] } },
  adminOnly("businessHours.set"),
  {
    procedure: "conversation.create",
    resources: ["for self", "for the owner", "for an unknown id"],
    outcomes: {
      owner: ["ok", "ok", "FORBIDDEN"],
      other: ["ok", "FORBIDDEN", "FORBIDDEN"],
      staff: ["BAD_REQUEST", "ok", "NOT_FOUND"],
    },
  },
  { procedure: "conversation.list", resources: ["-"], outcomes: { owner: ["ok"], other: ["ok"], staff: ["ok"] } },
  conversationRule("conversation.get"),
  conversationRule("conversation.setStatus"),
  staffOnlyRule("conversation.assign"),
  staffOnlyRule("conversation.setPriority"),
  conversationRule("conversation.markRead"),
  conversationRule("message.list"),
  conversationRule("message.send"),
  staffOnlyRule("message.send (internal note)"),
  staffOnly("savedReply.list"),
  staffOnly("savedReply.create"),
  ...(["savedReply.update", "savedReply.remove"] as const).map(
    (procedure): Rule => ({
      procedure,
      resources: SAVED_REPLY,
      outcomes: { owner: ["FORBIDDEN", "FORBIDDEN"], other: ["FORBIDDEN", "FORBIDDEN"], staff: ["ok", "NOT_FOUND"] },
    }),
  ),
  staffOnly("user.candidates"),
  staffOnly("user.staff"),
  staffOnly("metrics.summary"),
  staffOnly("metrics.timeseries"),
  conversationRule("conversation.readers"),
  conversationRule("conversation.ratings"),
  {
    procedure: "conversation.rate",
    resources: CONVERSATION,
    outcomes: { owner: ["CONFLICT", "NOT_FOUND"], other: ["FORBIDDEN", "NOT_FOUND"], staff: ["FORBIDDEN", "NOT_FOUND"] },
  },
  conversationRule("live.typing"),
  staffOnly("live.presence"),
  staffOnly("live.setPresence"),
  conversationRule("live.conversation"),
  { procedure: "live.inbox", resources: ["-"], outcomes: { owner: ["ok"], other: ["ok"], staff: ["ok"] } },
  // Every signed-in user may try to change their own password; users without one (these) are refused.
  { procedure: "user.changePassword", resources: ["-"], outcomes: { owner: ["BAD_REQUEST"], other: ["BAD_REQUEST"], staff: ["BAD_REQUEST"] } },
  {
    procedure: "user.setDisabled",
    resources: ["an agent", "unknown id"],
    outcomes: {
      owner: ["FORBIDDEN", "FORBIDDEN"],
      other: ["FORBIDDEN", "FORBIDDEN"],
      staff: ["FORBIDDEN", "FORBIDDEN"],
      admin: ["ok", "NOT_FOUND"],
    },
  },
  adminOnly("webhook.list"),
  adminOnly("webhook.create"),
  adminOnly("webhook.update", WEBHOOK),
  adminOnly("webhook.remove", WEBHOOK),
  adminOnly("webhook.deliveries"),
  adminOnly("webhook.redeliver", ["a finished delivery", "unknown id"]),
  adminOnly("webhook.attempts", ["a delivery", "unknown id"]),
  adminOnly("user.people"),
  adminOnly("user.create"),
  adminOnly("user.setRole", ["an agent", "unknown id"]),
  adminOnly("user.resetPassword", ["an agent", "unknown id"]),
  adminOnly("audit.list"),
  staffOnly("label.list"),
  adminOnly("label.create"),
  adminOnly("label.update", ["a label", "unknown id"]),
  adminOnly("label.remove", ["a label", "unknown id"]),
  staffOnlyRule("label.attach"),
  staffOnlyRule("label.detach"),
  staffOnly("metrics.byLabel"),
  staffOnly("team.members"),
  staffOnly("team.queue"),
  staffOnlyRule("team.handOver"),
  {
    procedure: "message.edit",
    resources: ["own message", "someone else's message", "unknown id"],
    outcomes: {
      owner: ["ok", "FORBIDDEN", "NOT_FOUND"],
      other: ["ok", "FORBIDDEN", "NOT_FOUND"],
      staff: ["ok", "FORBIDDEN", "NOT_FOUND"],
    },
  },
];

const rows = RULES.flatMap((rule) =>
  ROLES.flatMap((role) =>
    rule.resources.map((resource, i) => {
      const expected: Outcome =
        role === "anonymous"
          ? "UNAUTHORIZED"
          : role === "reclutador"
            ? "FORBIDDEN"
            : must((role === "owner" || role === "other" ? rule.outcomes[role] : role === "admin" ? (rule.outcomes.admin ?? rule.outcomes.staff) : rule.outcomes.staff)[i]);
      return [rule.procedure, role, resource, expected] as const;
    }),
  ),
);

beforeAll(async () => {
  const users = {} as Record<RoleKey, User | null>;
  for (const role of ROLES) {
    users[role] = role === "anonymous" ? null : await h.createUser(role === "owner" || role === "other" ? "candidato" : role);
  }
  w.users = users;
  w.agent2 = await h.createUser("soporte");
  w.account = await h.createUser("soporte");
  w.label = (await h.callerFor(users.admin).label.create({ name: "Entrevistas", color: "indigo" })).id;
  w.removableLabel = (await h.callerFor(users.admin).label.create({ name: "Temporal", color: "slate" })).id;
  const as = (role: RoleKey) => h.callerFor(users[role]);
  w.conv = (await as("owner").conversation.create({ subject: "Mi CV secreto" })).id;
  w.otherConv = (await as("other").conversation.create({ subject: "Lo mío" })).id;
  w.ownerMessage = (await as("owner").message.send({ conversationId: w.conv, content: "del dueño" })).id;
  w.ownMessage = { owner: w.ownerMessage };
  w.ownMessage.other = (await as("other").message.send({ conversationId: w.otherConv, content: "mío" })).id;
  for (const role of STAFF) {
    w.ownMessage[role] = (await as(role).message.send({ conversationId: w.conv, content: role })).id;
  }
  w.savedReply = {};
  for (const role of STAFF) {
    w.savedReply[role] = (await as(role).savedReply.create({ shortcut: `fixture-${role}`, content: role })).id;
  }
  w.agentMessage = (await h.callerFor(w.agent2).message.send({ conversationId: w.conv, content: "agente" })).id;
  const endpoint = { url: "https://hooks.example.com/x", events: ["message.created"], secret: "s".repeat(16) };
  const [webhook, removable] = await h.handle.db.insert(webhookEndpoints).values([endpoint, endpoint]).returning();
  w.webhook = must(webhook).id;
  w.removableWebhook = must(removable).id;
  const [audit] = await h.handle.db.select({ id: auditLog.id }).from(auditLog).limit(1);
  const [delivery] = await h.handle.db
    .insert(webhookDeliveries)
    .values({ endpointId: w.webhook, auditId: must(audit).id, event: "message.created", payload: {}, status: "delivered", attempts: 1 })
    .returning();
  w.delivery = must(delivery).id;
});

describe("authorization matrix: every procedure × every role × resource", () => {
  it("has a rule for every procedure of the router, subscriptions included", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    const ruled = new Set(RULES.map((rule) => rule.procedure.split(" ")[0]));
    expect(procedures.filter((name) => !ruled.has(name))).toEqual([]);
  });

  it.each(rows)("%s as %s on %s → %s", async (procedure, role, resource, expected) => {
    const call: Call = CALLS[procedure];
    const caller = h.callerFor(w.users[role]);
    if (expected === "ok") {
      await expect(call(caller, role, resource)).resolves.toBeDefined();
      return;
    }
    // Every table, updates included, against a fingerprint taken just before the call, so what the
    // allowed calls before it stored does not count (as in the hostile suites).
    const before = await fingerprintTables(h.handle.db);
    await expect(call(caller, role, resource)).rejects.toMatchObject({ code: expected });
    expect(changedTables(before, await fingerprintTables(h.handle.db))).toEqual([]);
  });
});

describe("what the allowed calls return", () => {
  it("auth.me answers with the caller's own identity", async () => {
    const { id, email, name } = must(w.users.admin);
    expect(await h.callerFor(w.users.admin).auth.me()).toEqual({ id, email, name, role: "admin" });
  });

  it("candidates list only their own conversations", async () => {
    const owner = (await h.callerFor(w.users.owner).conversation.list()).items.map((c) => c.id);
    const other = (await h.callerFor(w.users.other).conversation.list()).items.map((c) => c.id);
    expect(owner).toContain(w.conv);
    expect(owner).not.toContain(w.otherConv);
    expect(other).toContain(w.otherConv);
    expect(other).not.toContain(w.conv);
  });

  it.each(STAFF)("%s lists every candidate's conversations", async (role) => {
    const ids = (await h.callerFor(w.users[role]).conversation.list({ limit: 100 })).items.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([w.conv, w.otherConv]));
  });

  it("a sent message belongs to the caller and an edit changes only the sender's message", async () => {
    const developer = must(w.users.developer);
    const sent = await h.callerFor(developer).message.send({ conversationId: w.conv, content: "x" });
    expect(sent.senderUserId).toBe(developer.id);
    const edited = await h.callerFor(developer).message.edit({ id: sent.id, content: "y" });
    expect(edited).toMatchObject({ id: sent.id, content: "y", senderUserId: developer.id });
  });

  it("another candidate gets FORBIDDEN and no data for every read of the owner's conversation", async () => {
    const other = h.callerFor(w.users.other);
    for (const read of [
      () => other.conversation.get({ id: w.conv }),
      () => other.message.list({ conversationId: w.conv }),
    ]) {
      const error = await read().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: "FORBIDDEN" });
      expect(JSON.stringify(error)).not.toContain("Mi CV secreto");
      expect(JSON.stringify(error)).not.toContain("del dueño");
    }
  });
});
