import { auditLog, eq } from "@atiende/db";
import { expect, it } from "vitest";

import { useHarness } from "../../../test/harness";

const h = useHarness();
const weekly = [null, ...Array.from({ length: 5 }, () => ({ from: "08:30", to: "17:00" })), { from: "10:00", to: "14:00" }];

it("admins set the hours, audited; everyone signed in reads them; bad input stores nothing", async () => {
  const admin = await h.actor("admin");
  const candidate = await h.actor("candidato");
  expect(await candidate.caller.businessHours.get()).toMatchObject({ enabled: false });

  const saved = await admin.caller.businessHours.set({
    enabled: true,
    timeZone: "Europe/Madrid",
    weekly,
    closedDays: ["2026-12-25", "2026-01-01", "2026-12-25"],
  });
  expect(saved).toEqual({
    enabled: true,
    schedule: { timeZone: "Europe/Madrid", weekly, closedDays: ["2026-01-01", "2026-12-25"] },
    // Saved without one, the automatic answer stays as it was: off.
    autoReply: { enabled: false, es: "", en: "" },
  });
  expect(await candidate.caller.businessHours.get()).toEqual(saved);
  const audits = await h.handle.db.select().from(auditLog).where(eq(auditLog.action, "business_hours.updated"));
  expect(audits).toHaveLength(1);
  expect(audits[0]?.actorUserId).toBe(admin.user.id);

  for (const bad of [
    { timeZone: "Mars/Olympus" },
    { weekly: weekly.slice(1) },
    { weekly: [...weekly.slice(0, 6), { from: "18:00", to: "09:00" }] },
    { weekly: [...weekly.slice(0, 6), { from: "9:00", to: "18:00" }] },
    { closedDays: ["25/12/2026"] },
  ]) {
    await expect(admin.caller.businessHours.set({ enabled: true, timeZone: "UTC", weekly, closedDays: [], ...bad })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  }
  expect(await candidate.caller.businessHours.get()).toEqual(saved);
  expect(await h.handle.db.select().from(auditLog).where(eq(auditLog.action, "business_hours.updated"))).toHaveLength(1);
});
