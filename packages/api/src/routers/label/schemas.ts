import { LABEL_COLORS } from "@atiende/db";
import { z } from "zod";

const id = z.uuid({ error: "Identificador no válido" });
const name = z.string().trim().min(1, "Indica el nombre de la etiqueta").max(40, "El nombre no puede superar los 40 caracteres");
const color = z.enum(LABEL_COLORS);

export const ZCreateLabelInput = z.strictObject({ name, color });
export const ZUpdateLabelInput = z.strictObject({ id, name: name.optional(), color: color.optional() });
export const ZLabelIdInput = z.strictObject({ id });
/** A label put on, or taken off, a conversation. */
export const ZConversationLabelInput = z.strictObject({ conversationId: id, labelId: id });
export type TConversationLabelInput = z.infer<typeof ZConversationLabelInput>;
