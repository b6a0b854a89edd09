import { CONVERSATION_STATUSES, PRIORITIES } from "@atiende/db";
import { z } from "zod";

import { ZConversationContext } from "../../domain/context";

const id = z.uuid({ error: "Identificador no válido" });

export const ZCreateConversationInput = z.strictObject({
  subject: z.string().trim().max(10_000).optional(),
  priority: z.enum(PRIORITIES).optional(),
  candidateUserId: id.optional(),
  /** The host page's context, when the chat is embedded in another site. */
  context: ZConversationContext.optional(),
  /** Refuse (CONFLICT) when the candidate already has an open conversation: the widget's one session. */
  unlessOpen: z.boolean().optional(),
});
export type TCreateConversationInput = z.infer<typeof ZCreateConversationInput>;

export const ZListConversationsInput = z
  .strictObject({
    status: z.enum(CONVERSATION_STATUSES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    /** Words to find in the subject, the candidate's name or email, or the messages (prefixes match). */
    q: z.string().trim().max(200).optional(),
    /** One candidate's conversations (staff: a candidate's history). */
    candidateUserId: id.optional(),
    assignedToMe: z.boolean().optional(),
    /** Staff: only conversations that carry this label now. */
    labelId: id.optional(),
    unassigned: z.boolean().optional(),
    /** The id of the last conversation of the previous page. */
    cursor: id.nullish(),
    /** Sent by tRPC's infinite queries; pages only go towards older activity. */
    direction: z.enum(["forward", "backward"]).optional(),
    limit: z.number().int().min(1).max(100).default(20),
    /** Page numbers for the REST layer (page 1 holds the newest activity). */
    page: z.number().int().min(1).optional(),
    perPage: z.number().int().min(1).max(100).optional(),
  })
  .default({ limit: 20 });
export type TListConversationsInput = z.infer<typeof ZListConversationsInput>;

export const ZConversationIdInput = z.strictObject({ id });

export const ZSetStatusInput = z.strictObject({ id, status: z.enum(CONVERSATION_STATUSES) });
export type TSetStatusInput = z.infer<typeof ZSetStatusInput>;

export const ZAssignInput = z.strictObject({
  id,
  supportUserId: id.nullable(),
  /** The assignee the caller saw (null: unassigned); a different one means someone was faster. */
  expectedAssigneeId: id.nullable().optional(),
});
export type TAssignInput = z.infer<typeof ZAssignInput>;

export const ZSetPriorityInput = z.strictObject({ id, priority: z.enum(PRIORITIES) });
export type TSetPriorityInput = z.infer<typeof ZSetPriorityInput>;

export const ZMarkReadInput = z.strictObject({ id, lastReadMessageId: id.optional() });
export type TMarkReadInput = z.infer<typeof ZMarkReadInput>;

export const ZRateInput = z.strictObject({
  id,
  score: z.number().int().min(1).max(5),
  /** Blank after trimming counts as no comment. */
  comment: z.string().trim().max(2000).optional(),
});
export type TRateInput = z.infer<typeof ZRateInput>;
