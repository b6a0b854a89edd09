import type { ConversationContext } from "@atiende/db";
import { z } from "zod";

const MAX_KEYS = 20;
const MAX_BYTES = 2048;

/**
 * What a host page says a conversation is about (`{ jobId: "123", page: "/empleos/123" }`): a few
 * named plain values an agent reads beside the thread. Flat on purpose — nothing to render but
 * text — and small, since every read of the conversation carries it.
 */
export const ZConversationContext = z
  .record(
    z.string().regex(/^[A-Za-z][\w.-]{0,39}$/, {
      error: "Cada clave del contexto empieza por una letra y tiene a lo sumo 40 letras, números, _ . o -",
    }),
    z.union([z.string().max(500, { error: "Un valor del contexto tiene a lo sumo 500 caracteres" }), z.number().finite(), z.boolean()], {
      error: "Los valores del contexto son textos, números o sí/no",
    }),
  )
  .refine((context) => Object.keys(context).length <= MAX_KEYS, {
    error: `El contexto tiene a lo sumo ${MAX_KEYS} claves`,
  })
  .refine((context) => Buffer.byteLength(JSON.stringify(context)) <= MAX_BYTES, {
    error: `El contexto ocupa a lo sumo ${MAX_BYTES} bytes`,
  }) satisfies z.ZodType<ConversationContext>;
