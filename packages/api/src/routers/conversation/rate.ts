import { asc, eq, supportRatings } from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { getConversationFor } from "../../domain/access";
import { recordConversationEvent } from "../../domain/audit";
import { forbidden, texts } from "../../domain/errors";
import type { ProtectedContext } from "../../trpc";
import type { TRateInput } from "./schemas";
import { publishChange } from "../../realtime/publish";

/**
 * The candidate rates the help they got, once per resolution: the rating is keyed by the
 * conversation's `resolved_at`, so reopening and resolving again allows a new one.
 */
export async function rateConversation(ctx: ProtectedContext, input: TRateInput) {
  const { db, viewer } = ctx;
  const rating = await db.transaction(async (tx) => {
    // The row lock keeps the status and resolved_at fixed until the rating is stored.
    const conversation = await getConversationFor(tx, viewer, input.id, { lock: true });
    if (conversation.candidateUserId !== viewer.id) throw forbidden(texts.rateOnlyCandidate);
    if (conversation.status !== "resolved" || !conversation.resolvedAt) {
      throw new TRPCError({ code: "CONFLICT", message: texts.rateNotResolved });
    }
    const [stored] = await tx
      .insert(supportRatings)
      .values({
        conversationId: conversation.id,
        candidateUserId: viewer.id,
        supportUserId: conversation.assignedSupportUserId,
        resolvedAt: conversation.resolvedAt,
        score: input.score,
        comment: input.comment || null,
      })
      .onConflictDoNothing()
      .returning();
    if (!stored) throw new TRPCError({ code: "CONFLICT", message: texts.alreadyRated });
    await recordConversationEvent(tx, {
      conversationId: conversation.id,
      actorUserId: viewer.id,
      action: "conversation.rated",
      data: { score: input.score },
    });
    return stored;
  });
  publishChange(ctx, input.id);
  return rating;
}

/** A conversation's ratings, oldest first; staff and the conversation's candidate may read them. */
export async function listRatings(ctx: ProtectedContext, conversationId: string) {
  await getConversationFor(ctx.db, ctx.viewer, conversationId);
  return ctx.db
    .select()
    .from(supportRatings)
    .where(eq(supportRatings.conversationId, conversationId))
    .orderBy(asc(supportRatings.createdAt));
}
