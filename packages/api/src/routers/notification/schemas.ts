import { z } from "zod";

import { EMAIL_LOCALES } from "../../notifications/settings";

export const ZUpdateNotificationSettingsInput = z
  .strictObject({
    emailEnabled: z.boolean().optional(),
    locale: z.enum(EMAIL_LOCALES, { error: "Idioma desconocido" }).optional(),
  })
  .refine((input) => input.emailEnabled !== undefined || input.locale !== undefined, "Indica qué cambiar");
export type TUpdateNotificationSettingsInput = z.infer<typeof ZUpdateNotificationSettingsInput>;
