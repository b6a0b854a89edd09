import { z } from "zod";

const id = z.uuid({ error: "Identificador no válido" });

/** What follows the `/` in the composer: letters, digits and dashes, so it reads as one word. */
const shortcut = z
  .string()
  .trim()
  .min(1, "Indica un atajo")
  .max(40, "El atajo no puede superar los 40 caracteres")
  .regex(/^[\p{L}\p{N}_-]+$/u, "El atajo solo admite letras, números, guiones y guiones bajos");
const content = z.string().trim().min(1, "La respuesta no puede estar vacía").max(5000);

/** `personal`: only its author sees and uses it; otherwise it is the whole team's. */
export const ZCreateSavedReplyInput = z.strictObject({ shortcut, content, personal: z.boolean().default(false) });
export type TCreateSavedReplyInput = z.infer<typeof ZCreateSavedReplyInput>;

export const ZUpdateSavedReplyInput = z.strictObject({ id, shortcut: shortcut.optional(), content: content.optional() });
export type TUpdateSavedReplyInput = z.infer<typeof ZUpdateSavedReplyInput>;

export const ZSavedReplyIdInput = z.strictObject({ id });
