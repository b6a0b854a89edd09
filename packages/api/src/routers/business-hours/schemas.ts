import { z } from "zod";

import { isIanaTimeZone } from "../metrics/schemas";

const time = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "Indica la hora como HH:MM");
const day = z
  .strictObject({ from: time, to: time })
  .refine((hours) => hours.from < hours.to, "La hora de cierre debe ser posterior a la de apertura");
// PostgreSQL reads it too (the metrics' business-hours figures): IANA names only.
const timeZone = z.string().max(64).refine(isIanaTimeZone, "Zona horaria desconocida");
const date = z.iso.date({ error: "Indica las fechas como AAAA-MM-DD" });

// The automatic answer is posted as a message: well under any deployment's message limit.
const replyText = z.string().trim().max(1000, "Como mucho 1000 caracteres");

export const ZSetBusinessHoursInput = z.strictObject({
  enabled: z.boolean(),
  timeZone,
  /** Sunday first; null: closed all day. */
  weekly: z.array(day.nullable()).length(7),
  closedDays: z
    .array(date)
    .max(366, "Como mucho 366 días cerrados")
    .transform((days) => [...new Set(days)].sort()),
  /** Absent: the automatic answer stays as it is. */
  autoReply: z
    .strictObject({ enabled: z.boolean(), es: replyText, en: replyText })
    .refine((reply) => !reply.enabled || reply.es.length > 0, {
      message: "Escribe la respuesta automática en español",
      path: ["es"],
    })
    .optional(),
});
export type TSetBusinessHoursInput = z.infer<typeof ZSetBusinessHoursInput>;
