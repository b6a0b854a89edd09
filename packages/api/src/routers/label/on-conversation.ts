import { and, eq, isNull, supportConversationLabels, supportLabels } from "@atiende/db";

import { getConversationFor } from "../../domain/access";
import { recordConversationEvent } from "../../domain/audit";
import { notFound, texts } from "../../domain/errors";
import type { ProtectedContext } from "../../trpc";
import { getConversationView } from "../../domain/conversation-queries";
import type { TConversationLabelInput } from "./schemas";
import { publishChange } from "../../realtime/publish";

const cl = supportConversationLabels;
const current = (input: TConversationLabelInput) =>
  and(eq(cl.conversationId, input.conversationId), eq(cl.labelId, input.labelId), isNull(cl.removedAt));

/**
 * Puts a label on a conversation, or takes it off, under the conversation's lock, audited and
 * published live; doing what is already done changes nothing and leaves no audit row.
 */
async function change(ctx: ProtectedContext, input: TConversationLabelInput, on: boolean) {
  const changed = await ctx.db.transaction(async (tx) => {
    await getConversationFor(tx, ctx.viewer, input.conversationId, { lock: true });
    const [label] = await tx
      .select({ id: supportLabels.id, name: supportLabels.name, color: supportLabels.color })
      .from(supportLabels)
      .where(and(eq(supportLabels.id, input.labelId), isNull(supportLabels.deletedAt)));
    if (!label) throw notFound(texts.labelNotFound);
    const [present] = await tx.select({ id: cl.id }).from(cl).where(current(input));
    if (Boolean(present) === on) return false;
    if (on) await tx.insert(cl).values({ ...input, addedByUserId: ctx.viewer.id });
    else await tx.update(cl).set({ removedAt: new Date(), removedByUserId: ctx.viewer.id }).where(current(input));
    await recordConversationEvent(tx, {
      conversationId: input.conversationId,
      actorUserId: ctx.viewer.id,
      action: on ? "conversation.label_added" : "conversation.label_removed",
      // The colour too: the webhook event describes the label as it was then.
      data: { labelId: label.id, name: label.name, color: label.color },
    });
    return true;
  });
  if (changed) publishChange(ctx, input.conversationId);
  return getConversationView(ctx.db, ctx.viewer, input.conversationId);
}

export const attach = (ctx: ProtectedContext, input: TConversationLabelInput) => change(ctx, input, true);
export const detach = (ctx: ProtectedContext, input: TConversationLabelInput) => change(ctx, input, false);
