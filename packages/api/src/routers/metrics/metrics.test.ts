import type { User } from "@atiende/db";
import { supportConversations, supportMessages, supportRatings } from "@atiende/db";
import { beforeAll, describe, expect, it } from "vitest";

import { useHarness } from "../../../test/harness";

const h = useHarness();
const at = (iso: string) => new Date(iso);

let ana: User;
let bruno: User;
let carla: User;

interface Seeded {
  candidate?: User;
  agent?: User | null;
  createdAt: string;
  status: "open" | "resolved" | "closed";
  firstResponseAt?: string;
  resolvedAt?: string;
  messages?: { from: "candidate" | "agent" | "note"; at: string }[];
  rating?: { score: number; at: string };
}

/** A conversation with exact timestamps, written straight to the tables as the procedures would leave them. */
async function conversation(c: Seeded) {
  const candidate = c.candidate ?? carla;
  const agent = c.agent ?? null;
  const times = [c.createdAt, ...(c.messages ?? []).map((m) => m.at)].sort();
  const [row] = await h.handle.db
    .insert(supportConversations)
    .values({
      candidateUserId: candidate.id,
      createdByUserId: candidate.id,
      assignedSupportUserId: agent?.id ?? null,
      status: c.status,
      createdAt: at(c.createdAt),
      lastMessageAt: at(times[times.length - 1] ?? c.createdAt),
      firstResponseAt: c.firstResponseAt ? at(c.firstResponseAt) : null,
      resolvedAt: c.resolvedAt ? at(c.resolvedAt) : null,
    })
    .returning();
  if (!row) throw new Error("no conversation");
  for (const m of c.messages ?? []) {
    await h.handle.db.insert(supportMessages).values({
      conversationId: row.id,
      senderUserId: m.from === "candidate" ? candidate.id : (agent ?? ana).id,
      content: m.from,
      messageType: m.from === "note" ? "note" : "text",
      createdAt: at(m.at),
    });
  }
  if (c.rating && c.resolvedAt) {
    await h.handle.db.insert(supportRatings).values({
      conversationId: row.id,
      candidateUserId: candidate.id,
      supportUserId: agent?.id ?? null,
      resolvedAt: at(c.resolvedAt),
      score: c.rating.score,
      createdAt: at(c.rating.at),
    });
  }
}

// The range is 10–12 March 2025 in Mexico City (UTC−6): local day D runs from D 06:00Z to D+1 06:00Z.
const RANGE = { from: "2025-03-10", to: "2025-03-12", timeZone: "America/Mexico_City" };

beforeAll(async () => {
  ana = await h.createUser("soporte", { name: "Ana Métricas" });
  bruno = await h.createUser("soporte", { name: "Bruno Métricas" });
  carla = await h.createUser("candidato", { name: "Carla Métricas" });

  // k0: created the day before the range, answered and resolved (86 400 s) inside it, rated 1.
  await conversation({
    agent: ana,
    status: "resolved",
    createdAt: "2025-03-09T12:00:00Z",
    firstResponseAt: "2025-03-10T11:00:00Z",
    resolvedAt: "2025-03-10T12:00:00Z",
    messages: [
      { from: "candidate", at: "2025-03-09T12:00:00Z" },
      { from: "agent", at: "2025-03-10T11:00:00Z" },
    ],
    rating: { score: 1, at: "2025-03-10T13:00:00Z" },
  });
  // k1: day 10, first response 600 s, resolved after 7 200 s, 3 messages and a note, rated 5.
  await conversation({
    agent: ana,
    status: "resolved",
    createdAt: "2025-03-10T15:00:00Z",
    firstResponseAt: "2025-03-10T15:10:00Z",
    resolvedAt: "2025-03-10T17:00:00Z",
    messages: [
      { from: "candidate", at: "2025-03-10T15:00:00Z" },
      { from: "agent", at: "2025-03-10T15:10:00Z" },
      { from: "note", at: "2025-03-10T15:20:00Z" },
      { from: "candidate", at: "2025-03-10T16:00:00Z" },
    ],
    rating: { score: 5, at: "2025-03-10T18:00:00Z" },
  });
  // k2: 23:30 on the 10th in Mexico City (already the 11th in UTC), 1 200 s, closed after 9 000 s
  // (at 02:00 on the 11th), rated 3.
  await conversation({
    agent: ana,
    status: "closed",
    createdAt: "2025-03-11T05:30:00Z",
    firstResponseAt: "2025-03-11T05:50:00Z",
    resolvedAt: "2025-03-11T08:00:00Z",
    messages: [
      { from: "candidate", at: "2025-03-11T05:30:00Z" },
      { from: "agent", at: "2025-03-11T05:50:00Z" },
    ],
    rating: { score: 3, at: "2025-03-11T09:00:00Z" },
  });
  // k3: day 11, the candidate writes 5 minutes after creation: 1 800 s from that message; open,
  // with a message on day 12 too.
  await conversation({
    agent: bruno,
    status: "open",
    createdAt: "2025-03-11T16:00:00Z",
    firstResponseAt: "2025-03-11T16:35:00Z",
    messages: [
      { from: "candidate", at: "2025-03-11T16:05:00Z" },
      { from: "agent", at: "2025-03-11T16:35:00Z" },
      { from: "candidate", at: "2025-03-12T10:00:00Z" },
    ],
  });
  // k4: day 12, unassigned and unanswered.
  await conversation({
    status: "open",
    createdAt: "2025-03-12T12:00:00Z",
    messages: [{ from: "candidate", at: "2025-03-12T12:00:00Z" }],
  });
  // k5: day 12, staff wrote first (no first response time), resolved after 3 600 s, rated 4.
  await conversation({
    agent: bruno,
    status: "resolved",
    createdAt: "2025-03-12T13:00:00Z",
    firstResponseAt: "2025-03-12T13:00:00Z",
    resolvedAt: "2025-03-12T14:00:00Z",
    messages: [
      { from: "agent", at: "2025-03-12T13:00:00Z" },
      { from: "candidate", at: "2025-03-12T13:30:00Z" },
    ],
    rating: { score: 4, at: "2025-03-12T15:00:00Z" },
  });
  // k6: day 12, only an internal note: no messages, not active.
  await conversation({
    agent: ana,
    status: "open",
    createdAt: "2025-03-12T20:00:00Z",
    messages: [{ from: "note", at: "2025-03-12T20:10:00Z" }],
  });
  // k7: the day after the range, open: only the backlog counts it.
  await conversation({
    agent: bruno,
    status: "open",
    createdAt: "2025-03-13T07:00:00Z",
    messages: [{ from: "candidate", at: "2025-03-13T07:00:00Z" }],
  });
  // k8: 23:59 on the 9th in Mexico City, closed and rated before the range starts.
  await conversation({
    status: "closed",
    createdAt: "2025-03-10T05:59:00Z",
    resolvedAt: "2025-03-10T05:59:30Z",
    rating: { score: 2, at: "2025-03-10T05:59:50Z" },
  });
});

const staff = () => h.callerFor(ana);

describe("metrics.summary", () => {
  it("computes every figure of the range by hand", async () => {
    const s = await staff().metrics.summary(RANGE);
    expect(s.range).toEqual({ ...RANGE, supportUserId: null });
    expect(s.created).toBe(6);
    expect(s.resolvedOrClosed).toBe(3);
    expect(s.resolutionRate).toBe(0.5);
    // [600, 1200, 1800]: median 1200; p90 at 0.9 × 2 = 1.8 → 1200 + 0.8 × 600.
    expect(s.firstResponse.count).toBe(3);
    expect(s.firstResponse.medianSeconds).toBeCloseTo(1200, 6);
    expect(s.firstResponse.p90Seconds).toBeCloseTo(1680, 6);
    // [3600, 7200, 9000, 86400]: median (7200 + 9000) / 2; p90 at 2.7 → 9000 + 0.7 × 77 400.
    expect(s.resolution.count).toBe(4);
    expect(s.resolution.medianSeconds).toBeCloseTo(8100, 6);
    expect(s.resolution.p90Seconds).toBeCloseTo(63_180, 6);
    expect(s.messages.total).toBe(11);
    expect(s.messages.perConversation).toBeCloseTo(11 / 6, 9);
    expect(s.openBacklog).toBe(4);
    expect(s.csat.count).toBe(4);
    expect(s.csat.average).toBeCloseTo(3.25, 9);
    expect(s.csat.distribution).toEqual([
      { score: 1, count: 1 },
      { score: 2, count: 0 },
      { score: 3, count: 1 },
      { score: 4, count: 1 },
      { score: 5, count: 1 },
    ]);
  });

  it("has one row per agent and one for unassigned conversations", async () => {
    const { agents } = await staff().metrics.summary(RANGE);
    expect(agents.map((a) => [a.supportUserId, a.name])).toEqual([
      [ana.id, "Ana Métricas"],
      [bruno.id, "Bruno Métricas"],
      [null, null],
    ]);
    const [a, b, none] = agents;
    expect(a).toMatchObject({
      created: 3,
      resolvedOrClosed: 2,
      openBacklog: 1,
      firstResponse: { count: 2 },
      resolution: { count: 3 },
      messages: { total: 5 },
      csat: { count: 3, average: 3 },
    });
    expect(a?.resolutionRate).toBeCloseTo(2 / 3, 9);
    expect(a?.firstResponse.medianSeconds).toBeCloseTo(900, 6);
    expect(a?.firstResponse.p90Seconds).toBeCloseTo(1140, 6);
    expect(a?.resolution.medianSeconds).toBeCloseTo(9000, 6);
    expect(a?.resolution.p90Seconds).toBeCloseTo(70_920, 6);
    expect(b).toMatchObject({
      created: 2,
      resolvedOrClosed: 1,
      resolutionRate: 0.5,
      openBacklog: 2,
      firstResponse: { count: 1, medianSeconds: 1800, p90Seconds: 1800 },
      resolution: { count: 1, medianSeconds: 3600, p90Seconds: 3600 },
      messages: { total: 5, perConversation: 2.5 },
      csat: { count: 1, average: 4 },
    });
    expect(none).toMatchObject({
      created: 1,
      resolvedOrClosed: 0,
      resolutionRate: 0,
      openBacklog: 1,
      firstResponse: { count: 0, medianSeconds: null, p90Seconds: null },
      resolution: { count: 0, medianSeconds: null, p90Seconds: null },
      messages: { total: 1, perConversation: 1 },
      csat: { count: 0, average: null },
    });
  });

  it("narrows every figure to one agent", async () => {
    const s = await staff().metrics.summary({ ...RANGE, supportUserId: ana.id });
    expect(s).toMatchObject({
      created: 3,
      resolvedOrClosed: 2,
      openBacklog: 1,
      messages: { total: 5 },
      csat: { count: 3, average: 3 },
    });
    expect(s.firstResponse.medianSeconds).toBeCloseTo(900, 6);
    expect(s.resolution.p90Seconds).toBeCloseTo(70_920, 6);
    expect(s.csat.distribution.map((d) => d.count)).toEqual([1, 0, 1, 0, 1]);
    expect(s.agents.map((a) => a.supportUserId)).toEqual([ana.id]);
  });

  it("an empty range has zeros and no percentiles", async () => {
    const s = await staff().metrics.summary({ from: "2020-01-01", to: "2020-01-31" });
    expect(s).toMatchObject({
      created: 0,
      resolutionRate: null,
      openBacklog: 4,
      firstResponse: { count: 0, medianSeconds: null },
      csat: { count: 0, average: null },
    });
  });
});

describe("metrics.timeseries", () => {
  it("counts per local day, every day present", async () => {
    const { days } = await staff().metrics.timeseries(RANGE);
    expect(days).toEqual([
      { day: "2025-03-10", created: 2, active: 3, resolved: 2, ratings: 2 },
      { day: "2025-03-11", created: 1, active: 1, resolved: 1, ratings: 1 },
      { day: "2025-03-12", created: 3, active: 3, resolved: 1, ratings: 1 },
    ]);
  });

  it("buckets days in the zone asked for", async () => {
    const { days } = await staff().metrics.timeseries({ ...RANGE, timeZone: "UTC" });
    // In UTC k8 (05:59Z) falls on the 10th and k2 (05:30Z) on the 11th.
    expect(days.map((d) => d.created)).toEqual([2, 2, 3]);
  });

  it("narrows to one agent", async () => {
    const { days } = await staff().metrics.timeseries({ ...RANGE, supportUserId: ana.id });
    expect(days.map((d) => [d.created, d.active, d.resolved, d.ratings])).toEqual([
      [2, 3, 2, 2],
      [0, 0, 1, 1],
      [1, 0, 0, 0],
    ]);
  });

  it("defaults to Mexico City's days", async () => {
    const { range } = await staff().metrics.timeseries({ from: "2025-03-10", to: "2025-03-10" });
    expect(range.timeZone).toBe("America/Mexico_City");
  });
});

describe("who may ask and what is refused", () => {
  it("a candidate is FORBIDDEN, a stranger UNAUTHORIZED", async () => {
    await expect(h.callerFor(carla).metrics.summary(RANGE)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(h.callerFor(carla).metrics.timeseries(RANGE)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(h.callerFor(null).metrics.summary(RANGE)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it.each([
    ["from after to", { from: "2025-03-12", to: "2025-03-10" }],
    ["more than 366 days", { from: "2024-01-01", to: "2025-01-01" }],
    ["an impossible date", { from: "2025-02-30", to: "2025-03-01" }],
    ["a date with a time", { from: "2025-03-01T00:00:00Z", to: "2025-03-02" }],
    ["an unknown zone", { ...RANGE, timeZone: "Mars/Olympus_Mons" }],
    ["an offset instead of a zone", { ...RANGE, timeZone: "+01:00" }],
    ["an agent id that is not a uuid", { ...RANGE, supportUserId: "ana" }],
    ["an unknown field", { ...RANGE, status: "open" }],
  ])("%s is BAD_REQUEST", async (_label, input) => {
    await expect(staff().metrics.summary(input as typeof RANGE)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(staff().metrics.timeseries(input as typeof RANGE)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("366 days is the longest range accepted", async () => {
    await expect(
      staff().metrics.timeseries({ from: "2024-01-01", to: "2024-12-31" }),
    ).resolves.toMatchObject({
      days: expect.any(Array) as unknown,
    });
  });
});
