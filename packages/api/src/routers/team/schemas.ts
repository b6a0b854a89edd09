import { z } from "zod";

const id = z.uuid({ error: "Identificador no válido" });

/** A conversation handed to someone, with a note for them (kept as an internal note). */
export const ZHandOverInput = z.strictObject({
  conversationId: id,
  toUserId: id,
  note: z.string().trim().min(1, "Escribe una nota para quien la recibe").max(2000),
  /** The assignee the caller saw (null: unassigned); a different one means someone was faster. */
  expectedAssigneeId: id.nullable().optional(),
});
export type THandOverInput = z.infer<typeof ZHandOverInput>;
