/**
 * First-response time counted in business hours, beside the wall-clock one, on conversations with
 * exact timestamps (Mexico City, UTC−6; Monday to Friday 09:00–18:00, Friday the 14th closed).
 */
import type { User } from "@atiende/db";
import { supportConversations, supportMessages } from "@atiende/db";
import { beforeAll, expect, it } from "vitest";

import type { Caller } from "../../../test/harness";
import { useHarness } from "../../../test/harness";

const h = useHarness();
const RANGE = { from: "2025-03-10", to: "2025-03-14", timeZone: "America/Mexico_City" };
let admin: Caller;
let candidate: User;
let agent: User;

/** A conversation whose candidate wrote at `asked` and was first answered at `answered`. */
async function answered(asked: string, answeredAt: string) {
  const [row] = await h.handle.db
    .insert(supportConversations)
    .values({
      candidateUserId: candidate.id,
      createdByUserId: candidate.id,
      assignedSupportUserId: agent.id,
      createdAt: new Date(asked),
      lastMessageAt: new Date(answeredAt),
      firstResponseAt: new Date(answeredAt),
    })
    .returning();
  if (!row) throw new Error("no conversation");
  await h.handle.db.insert(supportMessages).values([
    { conversationId: row.id, senderUserId: candidate.id, content: "¿?", createdAt: new Date(asked) },
    { conversationId: row.id, senderUserId: agent.id, content: "¡!", createdAt: new Date(answeredAt) },
  ]);
}

beforeAll(async () => {
  admin = (await h.actor("admin")).caller;
  candidate = await h.createUser("candidato");
  agent = await h.createUser("soporte");
  // Monday 10:00 → 10:20: 20 minutes either way.
  await answered("2025-03-10T16:00:00Z", "2025-03-10T16:20:00Z");
  // Monday 17:30 → Tuesday 09:30: 16 hours on the clock, one in business hours.
  await answered("2025-03-10T23:30:00Z", "2025-03-11T15:30:00Z");
  // Thursday 17:00 → Monday 10:00, past a closed Friday and the weekend: one hour, then another.
  await answered("2025-03-13T23:00:00Z", "2025-03-17T16:00:00Z");
});

it("counts first responses in business hours beside the wall clock, once the hours are set", async () => {
  const off = await admin.metrics.summary(RANGE);
  expect(off.firstResponse).toMatchObject({ count: 3, medianSeconds: 57_600, businessMedianSeconds: null, businessP90Seconds: null });

  await admin.businessHours.set({
    enabled: true,
    timeZone: "America/Mexico_City",
    weekly: [null, ...Array.from({ length: 5 }, () => ({ from: "09:00", to: "18:00" })), null],
    closedDays: ["2025-03-14"],
  });
  const on = await admin.metrics.summary(RANGE);
  // Wall clock [1200, 57 600, 320 400]; business hours [1200, 3600, 7200].
  expect(on.firstResponse.count).toBe(3);
  expect(on.firstResponse.medianSeconds).toBeCloseTo(57_600, 6);
  expect(on.firstResponse.businessMedianSeconds).toBeCloseTo(3600, 6);
  // p90 at 0.9 × 2 = 1.8 → 3600 + 0.8 × 3600.
  expect(on.firstResponse.businessP90Seconds).toBeCloseTo(6480, 6);
});
