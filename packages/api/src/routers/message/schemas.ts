import { z } from "zod";

const id = z.uuid({ error: "Identificador no válido" });

// Hard ceilings that stop abuse before any work; the deployment's own limits are checked after.
const HARD_MAX_TEXT = 100_000;

export const ZAttachmentInput = z.strictObject({
  url: z.string().trim().min(1).max(2048),
  name: z.string().trim().min(1).max(255),
  mimeType: z.string().trim().min(1).max(255),
  sizeBytes: z.number().int().nonnegative(),
});

export const ZSendMessageInput = z.strictObject({
  conversationId: id,
  content: z.string().max(HARD_MAX_TEXT).optional(),
  attachment: ZAttachmentInput.optional(),
  /** Chosen by the client once per message and repeated on every retry. */
  clientMessageId: z.string().trim().min(1).max(100).optional(),
  /** An internal note: staff only, never shown to the candidate. */
  internal: z.boolean().optional(),
});
export type TSendMessageInput = z.infer<typeof ZSendMessageInput>;

export const ZEditMessageInput = z.strictObject({
  id,
  content: z.string().max(HARD_MAX_TEXT),
});
export type TEditMessageInput = z.infer<typeof ZEditMessageInput>;

export const ZListMessagesInput = z
  .strictObject({
    conversationId: id,
    /** Messages just older than this message id. */
    before: id.optional(),
    /** Messages just newer than this message id. */
    after: id.optional(),
    limit: z.number().int().min(1).max(100).default(50),
    /** Page numbers for the REST layer: page 1 holds the oldest messages. */
    page: z.number().int().min(1).optional(),
    perPage: z.number().int().min(1).max(100).optional(),
  })
  .refine((input) => !(input.before && input.after), {
    message: "Usa before o after, no ambos",
    path: ["before"],
  });
export type TListMessagesInput = z.infer<typeof ZListMessagesInput>;
