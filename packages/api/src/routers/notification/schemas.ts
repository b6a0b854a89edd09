import { z } from "zod";

import { EMAIL_LOCALES } from "../../notifications/settings";

export const ZUpdateNotificationSettingsInput = z
  .strictObject({
    emailEnabled: z.boolean().optional(),
    locale: z.enum(EMAIL_LOCALES, { error: "Idioma desconocido" }).optional(),
  })
  .refine((input) => input.emailEnabled !== undefined || input.locale !== undefined, "Indica qué cambiar");
export type TUpdateNotificationSettingsInput = z.infer<typeof ZUpdateNotificationSettingsInput>;

/** base64url as browsers give a subscription's keys (padding tolerated). */
const base64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[\w-]+={0,2}$/, "Debe ir en base64url");

// Push services' addresses run to a few hundred characters; a page of text is not one.
const endpoint = z.url({ protocol: /^https$/, error: "La dirección de avisos debe ser https" }).max(2048);

/** What `PushSubscription.toJSON()` gives, plus a short name for the device. */
export const ZSubscribePushInput = z.strictObject({
  endpoint,
  // An uncompressed P-256 point (65 bytes) and a 16-byte secret.
  keys: z.strictObject({ p256dh: base64url(86, 88), auth: base64url(22, 24) }),
  label: z.string().trim().max(80).default(""),
});
export type TSubscribePushInput = z.infer<typeof ZSubscribePushInput>;

export const ZUnsubscribePushInput = z.strictObject({ endpoint });
export type TUnsubscribePushInput = z.infer<typeof ZUnsubscribePushInput>;
