import { AUDIT_ACTIONS } from "@atiende/db";
import { z } from "zod";

import { DEFAULT_METRICS_TIME_ZONE, isIanaTimeZone, ZCalendarDay } from "../metrics/schemas";

/** Filters of the audit log; days are whole calendar days in `timeZone`, both ends included. */
export const ZAuditListInput = z.strictObject({
  actorUserId: z.uuid({ error: "Identificador no válido" }).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: ZCalendarDay.optional(),
  to: ZCalendarDay.optional(),
  timeZone: z.string().max(64).refine(isIanaTimeZone, { error: "Zona horaria no válida" }).default(DEFAULT_METRICS_TIME_ZONE),
  /** The id of the previous page's last row (newest first, by time then id). */
  cursor: z.uuid({ error: "Identificador no válido" }).nullish(),
  /** Sent by tRPC's infinite queries; pages only go towards older entries. */
  direction: z.enum(["forward", "backward"]).optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type TAuditListInput = z.infer<typeof ZAuditListInput>;
