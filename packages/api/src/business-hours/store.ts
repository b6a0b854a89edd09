import type { Executor } from "@atiende/db";
import { businessHours, eq } from "@atiende/db";

import type { Schedule } from "../contract/business-hours";

export const TEAM_HOURS = "team";

/** Until an admin sets them: off, Monday to Friday 9 to 18 in the team's default zone. */
const DEFAULT: { enabled: boolean; schedule: Schedule } = {
  enabled: false,
  schedule: {
    timeZone: "America/Mexico_City",
    weekly: [null, ...Array.from({ length: 5 }, () => ({ from: "09:00", to: "18:00" })), null],
    closedDays: [],
  },
};

/** The team's business hours as stored (or the defaults, off). */
export async function readBusinessHours(db: Executor): Promise<{ enabled: boolean; schedule: Schedule }> {
  const [row] = await db.select().from(businessHours).where(eq(businessHours.id, TEAM_HOURS));
  return row ? { enabled: row.enabled, schedule: { timeZone: row.timeZone, weekly: row.weekly, closedDays: row.closedDays } } : DEFAULT;
}
