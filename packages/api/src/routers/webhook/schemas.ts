import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENTS } from "@atiende/db";
import { z } from "zod";

const id = z.uuid({ error: "Identificador no válido" });

const url = z
  .url({ protocol: /^https?$/, error: "Indica una URL http:// o https://" })
  .max(2000, "La URL no puede superar los 2000 caracteres")
  // Credentials in a URL end up in logs and screens: a secret belongs in `secret`.
  .refine((value) => !/^https?:\/\/[^/?#]*@/i.test(value), "La URL no puede llevar usuario ni contraseña");
const events = z
  .array(z.enum(WEBHOOK_EVENTS, { error: "Evento desconocido" }))
  .min(1, "Elige al menos un evento")
  .max(WEBHOOK_EVENTS.length)
  .transform((list) => [...new Set(list)]);
const secret = z
  .string()
  .min(16, "El secreto debe tener al menos 16 caracteres")
  .max(200, "El secreto no puede superar los 200 caracteres")
  .regex(/^[\x21-\x7e]+$/, "El secreto solo admite caracteres ASCII visibles");

export const ZCreateWebhookInput = z.strictObject({ url, events, secret: secret.optional(), enabled: z.boolean().default(true) });
export type TCreateWebhookInput = z.infer<typeof ZCreateWebhookInput>;

export const ZUpdateWebhookInput = z.strictObject({
  id,
  url: url.optional(),
  events: events.optional(),
  secret: secret.optional(),
  enabled: z.boolean().optional(),
});
export type TUpdateWebhookInput = z.infer<typeof ZUpdateWebhookInput>;

export const ZWebhookIdInput = z.strictObject({ id });

export const ZWebhookDeliveriesInput = z.strictObject({
  endpointId: id.optional(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  /** The last delivery of the previous page (they come newest first). */
  cursor: id.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type TWebhookDeliveriesInput = z.infer<typeof ZWebhookDeliveriesInput>;
