import type { Executor } from "@atiende/db";
import { and, eq, isNull, searchDocument, sql, supportConversations } from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { recordConversationEvent } from "../../domain/audit";
import { forbidden, notFound, texts } from "../../domain/errors";
import { checkSubject } from "../../domain/message-rules";
import { isStaff } from "../../domain/roles";
import type { ProtectedContext } from "../../trpc";
import { findUserById } from "../../auth/identity";
import { ensureParticipant, getConversationView } from "../../domain/conversation-queries";
import type { TCreateConversationInput } from "./schemas";
import { publishChange } from "../../realtime/publish";

/**
 * Whether the candidate has an open conversation, decided under a lock keyed by the candidate and
 * held to the end of the transaction: two requests at once cannot both see none and both create
 * one. (No unique index: a candidate may hold several open conversations through tRPC and the
 * console and reopen old ones; only `unlessOpen` creations are kept to one.)
 */
async function hasOpenConversation(tx: Executor, candidateUserId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`open_conversation:${candidateUserId}`}))`);
  const [open] = await tx
    .select({ id: supportConversations.id })
    .from(supportConversations)
    .where(
      and(
        eq(supportConversations.candidateUserId, candidateUserId),
        eq(supportConversations.status, "open"),
        isNull(supportConversations.deletedAt),
      ),
    )
    .limit(1);
  return open !== undefined;
}

/** A candidate opens a conversation for themself; staff may open one for any candidate. */
export async function createConversation(ctx: ProtectedContext, input: TCreateConversationInput) {
  const { viewer, db } = ctx;
  const subject = checkSubject(ctx.config, input.subject);

  let candidateUserId = viewer.id;
  if (isStaff(viewer)) {
    if (!input.candidateUserId) {
      throw new TRPCError({ code: "BAD_REQUEST", message: texts.candidateRequired });
    }
    const candidate = await findUserById(db, input.candidateUserId);
    if (candidate?.role !== "candidato") throw notFound(texts.candidateNotFound);
    candidateUserId = candidate.id;
  } else if (input.candidateUserId && input.candidateUserId !== viewer.id) {
    throw forbidden(texts.createForOthers);
  }

  const id = await db.transaction(async (tx) => {
    if (input.unlessOpen && (await hasOpenConversation(tx, candidateUserId))) {
      throw new TRPCError({ code: "CONFLICT", message: texts.openConversationExists });
    }
    const [conversation] = await tx
      .insert(supportConversations)
      .values({
        candidateUserId,
        createdByUserId: viewer.id,
        subject,
        priority: input.priority ?? "normal",
        context: input.context,
        searchVector: searchDocument(sql`${subject ?? ""}::text`),
      })
      .returning({ id: supportConversations.id });
    if (!conversation) throw new Error("The conversation insert returned no row");
    await ensureParticipant(tx, conversation.id, candidateUserId, "candidato");
    if (candidateUserId !== viewer.id) {
      await ensureParticipant(tx, conversation.id, viewer.id, viewer.role);
    }
    await recordConversationEvent(tx, {
      conversationId: conversation.id,
      actorUserId: viewer.id,
      action: "conversation.created",
      data: { subject, priority: input.priority ?? "normal", candidateUserId, context: input.context },
    });
    return conversation.id;
  });
  publishChange(ctx, id);
  // Waiting for the pass lets the answer already name the agent, when one was free.
  await ctx.assigner.kick();
  return getConversationView(db, viewer, id);
}
