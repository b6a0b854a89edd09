import fc from "fast-check";

import type { Pools } from "./arbitraries";
import { badMime, forbiddenUrl, hugeString, malformedUuid, nearValid, strangerUuid, weirdNumber, weirdString } from "./arbitraries";

/** The four chat roles each procedure is called as. */
export const HOSTILE_ROLES = ["candidato", "soporte", "admin", "developer"] as const;
export type HostileRole = (typeof HOSTILE_ROLES)[number];

/** Ids of what the property test creates before calling anything, as seen from each role. */
export interface HostileWorld {
  candidateId: string;
  otherCandidateId: string;
  staffIds: Record<Exclude<HostileRole, "candidato">, string>;
  /** The candidate's open conversation, with a message from each side and an internal note. */
  mine: string;
  /** Another candidate's conversation: the candidate must never reach it. */
  theirs: string;
  /** The candidate's resolved conversation, which they may rate once. */
  resolved: string;
  myMessage: string;
  staffMessage: string;
  note: string;
  theirMessage: string;
  savedReply: string;
  removableReply: string;
  label: string;
}

/**
 * How to build a near-valid input for one procedure: a valid input for `role` in `world`, and for
 * some fields a pool of near misses (another candidate's id, a forbidden URL scheme…). A procedure
 * without input says so with `"none"`: only generic payloads apply, and the test checks that it
 * really declares no input.
 */
export type Registration = "none" | ((world: HostileWorld, role: HostileRole) => fc.Arbitrary<unknown>);

const otherIds = (w: HostileWorld) => fc.constantFrom(w.theirs, w.theirMessage, w.otherCandidateId, w.candidateId);
const idPool = (w: HostileWorld) => fc.oneof(otherIds(w), strangerUuid, malformedUuid);
const badEnum = fc.constantFrom("OPEN", "deleted", "open ", "", "0", "__proto__", "constructor");
const pageNumber = fc.oneof(weirdNumber, fc.constantFrom("1", "2"));
const isStaff = (role: HostileRole) => role !== "candidato";
const date = fc.constantFrom("2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "2026-1-1", "2026-01-01T00:00:00Z", "-2026-01-01", "2026-01-01' --");
const timeZone = fc.constantFrom("+01:00", "Etc/GMT+25", "../../etc/passwd", "UTC", "America/Nowhere", "america/mexico_city", "Europe/Madrid; drop table users", "x".repeat(65));
const lastEventId = fc.oneof(
  fc.constantFrom("-1", "1e400", "NaN", "Infinity", "9007199254740993", "0x10", " 1", "1:2", "999999999999999999:999999999"),
  weirdString,
  fc.constant("9".repeat(65)),
);
const attachment = {
  url: "https://cdn.example/archivos/cv.pdf",
  name: "cv.pdf",
  mimeType: "application/pdf",
  sizeBytes: 1234,
};

const validAttachment = () => attachment;
const attachmentPool = nearValid(validAttachment(), {
  url: forbiddenUrl,
  mimeType: badMime,
  sizeBytes: fc.oneof(weirdNumber, fc.constant(10 * 1024 * 1024 + 1)),
  name: fc.oneof(hugeString, weirdString),
});

const conversationId = (w: HostileWorld): Pools => ({ id: idPool(w) });

const webhookPools: Pools = {
  url: fc.oneof(
    forbiddenUrl,
    hugeString,
    weirdString,
    fc.constantFrom("http://127.0.0.1/x", "http://[::1]/", "http://169.254.169.254/latest", "http://user:clave@hooks.example.com/", "ftp://hooks.example.com/"),
  ),
  events: fc.oneof(fc.constantFrom([], ["message.deleted"], "message.created", Array(9).fill("message.created")), weirdString),
  secret: fc.oneof(hugeString, weirdString, fc.constant("corta")),
};

/** Every procedure of the app router, by path. A procedure missing here fails the suite. */
export const registry: Record<string, Registration> = {
  "auth.me": "none",
  "conversation.create": (w, role) =>
    nearValid(
      { subject: "Ayuda con mi postulación", priority: "normal", ...(isStaff(role) ? { candidateUserId: w.candidateId } : {}) },
      {
        subject: fc.oneof(hugeString, weirdString),
        priority: badEnum,
        candidateUserId: fc.oneof(fc.constantFrom(w.otherCandidateId, w.staffIds.soporte), strangerUuid, malformedUuid),
        unlessOpen: fc.constantFrom("true", 1, null),
      },
    ),
  "conversation.list": (w) =>
    nearValid(
      { status: "open", limit: 20 },
      {
        status: badEnum,
        priority: badEnum,
        limit: weirdNumber,
        cursor: idPool(w),
        candidateUserId: idPool(w),
        q: fc.oneof(hugeString, weirdString, fc.constantFrom("a & | !(", "'", "\\", ":*", "x:* & y")),
        direction: badEnum,
        page: pageNumber,
        perPage: pageNumber,
        assignedToMe: fc.constantFrom("true", 1, null),
      },
    ),
  "conversation.get": (w) => nearValid({ id: w.mine }, conversationId(w)),
  "conversation.readers": (w) => nearValid({ id: w.mine }, conversationId(w)),
  "conversation.ratings": (w) => nearValid({ id: w.resolved }, conversationId(w)),
  "conversation.setStatus": (w) => nearValid({ id: w.mine, status: "open" }, { ...conversationId(w), status: badEnum }),
  "conversation.assign": (w) =>
    nearValid(
      { id: w.mine, supportUserId: w.staffIds.soporte },
      {
        ...conversationId(w),
        supportUserId: fc.oneof(fc.constantFrom(w.candidateId, w.otherCandidateId), strangerUuid, malformedUuid),
        expectedAssigneeId: idPool(w),
      },
    ),
  "conversation.setPriority": (w) => nearValid({ id: w.mine, priority: "high" }, { ...conversationId(w), priority: badEnum }),
  "conversation.markRead": (w) =>
    nearValid({ id: w.mine, lastReadMessageId: w.myMessage }, { ...conversationId(w), lastReadMessageId: fc.oneof(fc.constantFrom(w.theirMessage, w.note), strangerUuid) }),
  "conversation.rate": (w) =>
    nearValid(
      { id: w.resolved, score: 5, comment: "Muy amables" },
      { id: fc.oneof(fc.constantFrom(w.mine, w.theirs), strangerUuid), score: weirdNumber, comment: fc.oneof(hugeString, weirdString) },
    ),
  "message.list": (w) =>
    nearValid(
      { conversationId: w.mine, limit: 20 },
      {
        conversationId: idPool(w),
        before: fc.oneof(fc.constantFrom(w.theirMessage, w.note), strangerUuid, malformedUuid),
        after: fc.oneof(fc.constantFrom(w.theirMessage, w.note), strangerUuid),
        limit: weirdNumber,
        page: pageNumber,
        perPage: pageNumber,
      },
    ),
  "message.send": (w, role) =>
    fc.oneof(
      nearValid(
        { conversationId: w.mine, content: "Hola, ¿me ayudan?" },
        {
          conversationId: idPool(w),
          content: fc.oneof(hugeString, weirdString, fc.constant("x".repeat(4001))),
          clientMessageId: fc.oneof(hugeString, weirdString),
          internal: fc.constantFrom(true, "true", 1),
          attachment: attachmentPool,
        },
      ),
      nearValid({ conversationId: w.mine, attachment: validAttachment(), ...(isStaff(role) ? { internal: false } : {}) }, { attachment: attachmentPool }),
    ),
  "message.edit": (w, role) =>
    nearValid(
      { id: role === "candidato" ? w.myMessage : w.staffMessage, content: "Corrijo lo anterior" },
      { id: fc.oneof(fc.constantFrom(w.theirMessage, w.note, w.myMessage, w.staffMessage), strangerUuid, malformedUuid), content: fc.oneof(hugeString, weirdString) },
    ),
  "live.conversation": (w) => nearValid({ conversationId: w.mine, lastEventId: "0" }, { conversationId: idPool(w), lastEventId }),
  "live.inbox": () => nearValid({ lastEventId: null }, { lastEventId }),
  "live.typing": (w) => nearValid({ conversationId: w.mine, isTyping: true }, { conversationId: idPool(w), isTyping: fc.constantFrom("true", 1, null) }),
  "live.setPresence": () => nearValid({ status: "online" }, { status: fc.oneof(badEnum, fc.constant("offline")) }),
  "live.presence": "none",
  "metrics.summary": (w) =>
    nearValid(
      { from: "2026-01-01", to: "2026-01-31", timeZone: "America/Mexico_City" },
      { from: date, to: date, timeZone, supportUserId: fc.oneof(fc.constantFrom(w.candidateId), strangerUuid, malformedUuid) },
    ),
  "metrics.timeseries": (w) =>
    nearValid(
      { from: "2026-01-01", to: "2026-01-31", timeZone: "America/Mexico_City" },
      { from: date, to: date, timeZone, supportUserId: fc.oneof(fc.constantFrom(w.candidateId), strangerUuid, malformedUuid) },
    ),
  "savedReply.list": "none",
  "savedReply.create": () =>
    nearValid(
      { shortcut: "saludo-prueba", content: "Hola, soy del equipo de soporte" },
      {
        shortcut: fc.oneof(weirdString, fc.constantFrom("a b", "/x", "x".repeat(41), "ñandú", "a\u0000")),
        content: fc.oneof(hugeString, weirdString),
        personal: fc.constantFrom("true", 1, null),
      },
    ),
  "savedReply.update": (w) =>
    nearValid({ id: w.savedReply, content: "Hola de nuevo" }, { id: idPool(w), shortcut: weirdString, content: fc.oneof(hugeString, weirdString) }),
  "savedReply.remove": (w) => nearValid({ id: w.removableReply }, { id: idPool(w) }),
  "user.candidates": () =>
    nearValid({ q: "cand", limit: 10 }, { q: fc.oneof(hugeString, weirdString, fc.constantFrom("a & | !(", "'", ":*", "\\")), limit: weirdNumber }),
  "user.staff": "none",
  // Always refused (no such current password), so the world's tokens stay valid for later cases.
  "user.changePassword": () =>
    nearValid(
      { currentPassword: "no-es-la-clave", newPassword: "otra-clave-larga" },
      { currentPassword: fc.oneof(hugeString, weirdString), newPassword: fc.oneof(hugeString, weirdString, fc.constant("corta")) },
    ),
  "notification.settings": "none",
  "notification.update": () => nearValid({ emailEnabled: false, locale: "en" }, { emailEnabled: weirdNumber, locale: badEnum }),
  "notification.pushKey": "none",
  "notification.subscribePush": () =>
    nearValid(
      { endpoint: "https://203.0.113.7/push/hostile", keys: { p256dh: "B".repeat(87), auth: "A".repeat(22) }, label: "Chrome" },
      {
        endpoint: fc.oneof(forbiddenUrl, hugeString, fc.constantFrom("http://203.0.113.7/push", "https://127.0.0.1/push", "https://localhost/push")),
        keys: fc.oneof(weirdString, fc.constant({ p256dh: "x", auth: "y" }), fc.constant({ p256dh: "B".repeat(87), auth: "A".repeat(22), extra: 1 })),
        label: fc.oneof(hugeString, weirdNumber),
      },
    ),
  "notification.unsubscribePush": () => nearValid({ endpoint: "https://203.0.113.7/push/hostile" }, { endpoint: fc.oneof(forbiddenUrl, hugeString) }),
  "businessHours.get": "none",
  "businessHours.set": () =>
    nearValid(
      { enabled: false, timeZone: "UTC", weekly: [null, { from: "09:00", to: "18:00" }, null, null, null, null, null], closedDays: ["2026-12-25"] },
      {
        enabled: weirdNumber,
        timeZone: fc.oneof(weirdString, fc.constantFrom("+01:00", "Mars/Olympus", "America/Mexico_City ")),
        weekly: fc.constantFrom([], [{ from: "18:00", to: "09:00" }], Array.from({ length: 7 }, () => ({ from: "25:00", to: "26:00" }))),
        closedDays: fc.constantFrom(["25/12/2026"], ["2026-02-30"], Array.from({ length: 400 }, (_, i) => `2026-01-${String((i % 28) + 1).padStart(2, "0")}`)),
      },
    ),
  "webhook.list": "none",
  "webhook.create": () => nearValid({ url: "https://hooks.example.com/atiende", events: ["message.created"] }, webhookPools),
  "webhook.update": (w) => nearValid({ id: "00000000-0000-4000-8000-000000000000", enabled: false }, { ...webhookPools, id: idPool(w), enabled: weirdNumber }),
  "webhook.remove": (w) => nearValid({ id: "00000000-0000-4000-8000-000000000000" }, { id: idPool(w) }),
  "webhook.deliveries": (w) =>
    nearValid({ limit: 10 }, { endpointId: idPool(w), cursor: idPool(w), status: badEnum, limit: weirdNumber }),
  "webhook.attempts": (w) => nearValid({ id: "00000000-0000-4000-8000-000000000000" }, { id: idPool(w) }),
  "webhook.redeliver": (w) => nearValid({ id: "00000000-0000-4000-8000-000000000000" }, { id: idPool(w) }),
  "user.people": (w) =>
    nearValid(
      { q: "soporte", kind: "staff", limit: 25 },
      { q: fc.oneof(hugeString, weirdString, fc.constantFrom("a & | !(", "'", ":*")), kind: badEnum, limit: weirdNumber, cursor: fc.oneof(idPool(w), fc.constant({ name: "x", id: "nope" })) },
    ),
  "user.create": () =>
    nearValid(
      { name: "Agente Nueva", email: "agente-nueva@test.example", role: "soporte" },
      { name: fc.oneof(hugeString, weirdString, fc.constant("  ")), email: fc.oneof(weirdString, fc.constantFrom("sin-arroba", "a@", "@b.c")), role: fc.oneof(badEnum, fc.constant("candidato")) },
    ),
  // Only unknown, malformed or the caller's own ids, as for setDisabled.
  "user.setRole": (w, role) =>
    nearValid(
      { userId: "00000000-0000-4000-8000-000000000000", role: "soporte" },
      { userId: fc.oneof(strangerUuid, malformedUuid, fc.constant(role === "candidato" ? w.candidateId : w.staffIds[role])), role: badEnum },
    ),
  "user.resetPassword": () => nearValid({ userId: "00000000-0000-4000-8000-000000000000" }, { userId: fc.oneof(strangerUuid, malformedUuid) }),
  "label.list": "none",
  "label.create": () =>
    nearValid({ name: "Prueba hostil", color: "red" }, { name: fc.oneof(hugeString, weirdString, fc.constant("x".repeat(41))), color: badEnum }),
  "label.update": (w) => nearValid({ id: w.label, color: "green" }, { id: idPool(w), name: fc.oneof(hugeString, weirdString), color: badEnum }),
  // Only unknown or malformed ids: removing the world's label would empty the attach cases.
  "label.remove": (w) => nearValid({ id: "00000000-0000-4000-8000-000000000000" }, { id: idPool(w) }),
  "label.attach": (w) => nearValid({ conversationId: w.mine, labelId: w.label }, { conversationId: idPool(w), labelId: idPool(w) }),
  "label.detach": (w) => nearValid({ conversationId: w.mine, labelId: w.label }, { conversationId: idPool(w), labelId: idPool(w) }),
  "metrics.byLabel": (w) =>
    nearValid(
      { from: "2026-01-01", to: "2026-01-31", timeZone: "America/Mexico_City" },
      { from: date, to: date, timeZone, supportUserId: fc.oneof(fc.constantFrom(w.candidateId), strangerUuid, malformedUuid) },
    ),
  "team.members": "none",
  "team.queue": "none",
  "team.handOver": (w) =>
    nearValid(
      { conversationId: w.mine, toUserId: w.staffIds.soporte, note: "Te la paso: pide cambiar la fecha" },
      {
        conversationId: idPool(w),
        toUserId: fc.oneof(fc.constantFrom(w.candidateId, w.otherCandidateId), strangerUuid, malformedUuid),
        note: fc.oneof(hugeString, weirdString, fc.constant("x".repeat(2001))),
        expectedAssigneeId: idPool(w),
      },
    ),
  "audit.list": (w) =>
    nearValid(
      { action: "user.created", from: "2026-01-01", to: "2026-01-31", limit: 20 },
      { actorUserId: idPool(w), action: badEnum, from: date, to: date, timeZone, cursor: idPool(w), limit: weirdNumber },
    ),
  // Only unknown, malformed or the caller's own ids: disabling someone in the world would end their access mid-test.
  "user.setDisabled": (w, role) =>
    nearValid(
      { userId: "00000000-0000-4000-8000-000000000000", disabled: true },
      { userId: fc.oneof(strangerUuid, malformedUuid, fc.constant(role === "candidato" ? w.candidateId : w.staffIds[role])), disabled: weirdNumber },
    ),
};
