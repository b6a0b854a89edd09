import type { Executor } from "@atiende/db";
import { businessHours, eq } from "@atiende/db";

import type { Schedule } from "../contract/business-hours";

export const TEAM_HOURS = "team";

/** The automatic answer outside business hours: off, or one text per language. */
export interface AutoReply {
  enabled: boolean;
  es: string;
  /** Empty: English-speaking candidates get the Spanish text. */
  en: string;
}

export interface TeamHours {
  enabled: boolean;
  schedule: Schedule;
  autoReply: AutoReply;
}

/** Until an admin sets them: off, Monday to Friday 9 to 18 in the team's default zone. */
const DEFAULT: TeamHours = {
  enabled: false,
  schedule: {
    timeZone: "America/Mexico_City",
    weekly: [null, ...Array.from({ length: 5 }, () => ({ from: "09:00", to: "18:00" })), null],
    closedDays: [],
  },
  autoReply: { enabled: false, es: "", en: "" },
};

/** The team's business hours as stored (or the defaults, off). */
export async function readBusinessHours(db: Executor): Promise<TeamHours> {
  const [row] = await db.select().from(businessHours).where(eq(businessHours.id, TEAM_HOURS));
  return row
    ? {
        enabled: row.enabled,
        schedule: { timeZone: row.timeZone, weekly: row.weekly, closedDays: row.closedDays },
        autoReply: { enabled: row.autoReplyEnabled, es: row.autoReplyEs, en: row.autoReplyEn },
      }
    : DEFAULT;
}

/** The automatic answer's text for a candidate's language; null when none is due. */
export function autoReplyText(hours: TeamHours, locale: "es" | "en"): string | null {
  if (!hours.enabled || !hours.autoReply.enabled) return null;
  const text = (locale === "en" && hours.autoReply.en) || hours.autoReply.es;
  return text || null;
}
