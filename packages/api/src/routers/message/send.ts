import type { Conversation } from "@atiende/db";
import { and, eq, sql, supportConversations, supportMessages } from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { getConversationFor } from "../../domain/access";
import { recordConversationEvent } from "../../domain/audit";
import { texts } from "../../domain/errors";
import { checkMessage } from "../../domain/message-rules";
import { consumeMessageQuota } from "../../domain/rate-limit";
import { isStaff } from "../../domain/roles";
import type { MessageView } from "../../domain/views";
import type { ProtectedContext } from "../../trpc";
import { publishChange } from "../../trpc";
import { ensureParticipant } from "../conversation/queries";
import { getMessageView, selectMessages } from "./queries";
import type { TSendMessageInput } from "./schemas";

/**
 * Stores a message once. A retry with the same clientMessageId returns the message stored the first
 * time and stores nothing new, even when the two attempts race.
 */
export async function sendMessage(
  ctx: ProtectedContext,
  input: TSendMessageInput,
): Promise<MessageView> {
  const { db, viewer } = ctx;
  const draft = checkMessage(ctx.config, input);
  const conversation = await getConversationFor(db, viewer, input.conversationId);

  // A retry of a message already stored is answered at once (and spends none of the quota).
  const earlier = await findByClientMessageId(ctx, conversation.id, input.clientMessageId);
  if (earlier) return earlier;
  if (conversation.status === "closed" && !isStaff(viewer)) {
    throw new TRPCError({ code: "CONFLICT", message: texts.conversationClosed });
  }

  const messageId = await db.transaction(async (tx) => {
    // The lock serialises senders in this conversation: the duplicate check below cannot race,
    // concurrent retries spend the quota once, and message times and event numbers are handed out
    // in commit order.
    const locked = await getConversationFor(tx, viewer, conversation.id, { lock: true });
    if (input.clientMessageId) {
      const [twin] = await tx
        .select({ id: supportMessages.id, senderUserId: supportMessages.senderUserId })
        .from(supportMessages)
        .where(
          and(
            eq(supportMessages.conversationId, locked.id),
            eq(supportMessages.clientMessageId, input.clientMessageId),
          ),
        );
      if (twin && twin.senderUserId !== viewer.id) {
        throw new TRPCError({ code: "CONFLICT", message: texts.clientMessageIdTaken });
      }
      if (twin) return twin.id;
    }
    await consumeMessageQuota(tx, ctx.config, viewer);

    const [message] = await tx
      .insert(supportMessages)
      .values({
        conversationId: locked.id,
        senderUserId: viewer.id,
        content: draft.content ?? "",
        messageType: draft.attachment ? "attachment" : "text",
        attachmentUrl: draft.attachment?.url,
        attachmentName: draft.attachment?.name,
        attachmentMimeType: draft.attachment?.mimeType,
        attachmentSizeBytes: draft.attachment?.sizeBytes,
        clientMessageId: input.clientMessageId,
        createdAt: sql`clock_timestamp()`,
      })
      .returning({ id: supportMessages.id, createdAt: supportMessages.createdAt });
    if (!message) throw new Error("The message insert returned no row");

    await tx
      .update(supportConversations)
      .set({ lastMessageAt: message.createdAt, updatedAt: message.createdAt, ...reopen(locked, ctx) })
      .where(eq(supportConversations.id, locked.id));
    await ensureParticipant(tx, locked.id, viewer.id, viewer.role);
    await recordConversationEvent(tx, {
      conversationId: locked.id,
      actorUserId: viewer.id,
      action: "message.created",
      messageId: message.id,
    });
    if (reopen(locked, ctx).status) {
      await recordConversationEvent(tx, {
        conversationId: locked.id,
        actorUserId: viewer.id,
        action: "conversation.status_changed",
        data: { status: { from: locked.status, to: "open" }, reason: "candidate_message" },
      });
    }
    return message.id;
  });

  publishChange(ctx, conversation.id);
  return getMessageView(db, messageId);
}

/** A candidate writing into a resolved conversation reopens it, as in any help desk. */
function reopen(conversation: Conversation, ctx: ProtectedContext): { status?: "open" } {
  return conversation.status === "resolved" && !isStaff(ctx.viewer) ? { status: "open" } : {};
}

async function findByClientMessageId(
  ctx: ProtectedContext,
  conversationId: string,
  clientMessageId: string | undefined,
): Promise<MessageView | null> {
  if (!clientMessageId) return null;
  const [earlier] = await selectMessages(
    ctx.db,
    and(
      eq(supportMessages.conversationId, conversationId),
      eq(supportMessages.clientMessageId, clientMessageId),
    ),
  );
  if (earlier && earlier.senderUserId !== ctx.viewer.id) {
    throw new TRPCError({ code: "CONFLICT", message: texts.clientMessageIdTaken });
  }
  return earlier ?? null;
}
