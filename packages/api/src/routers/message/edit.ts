import { eq, messageColumns, supportMessages } from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { getConversationFor } from "../../domain/access";
import { recordConversationEvent } from "../../domain/audit";
import { forbidden, notFound, texts } from "../../domain/errors";
import { checkContent } from "../../domain/message-rules";
import type { ProtectedContext } from "../../trpc";
import { getMessageView } from "../../domain/message-queries";
import type { TEditMessageInput } from "./schemas";
import { publishChange } from "../../realtime/publish";

/**
 * Only the sender edits a message, within the edit window after sending it; the text it replaced is
 * kept in the audit log.
 */
export async function editMessage(ctx: ProtectedContext, input: TEditMessageInput) {
  const { db, viewer } = ctx;
  const content = checkContent(ctx.config, input.content);
  await db.transaction(async (tx) => {
    const [message] = await tx.select(messageColumns).from(supportMessages).where(eq(supportMessages.id, input.id));
    if (!message) throw notFound(texts.messageNotFound);
    await getConversationFor(tx, viewer, message.conversationId, { lock: true });
    if (message.senderUserId !== viewer.id) throw forbidden(texts.messageEditForbidden);
    if (message.messageType === "system") {
      throw new TRPCError({ code: "BAD_REQUEST", message: texts.messageNotEditable });
    }
    const { editWindowSeconds } = ctx.config.limits;
    if (Date.now() - message.createdAt.getTime() > editWindowSeconds * 1000) {
      throw new TRPCError({ code: "BAD_REQUEST", message: texts.messageEditExpired(Math.ceil(editWindowSeconds / 60)) });
    }
    if (message.content === content) return;
    await tx
      .update(supportMessages)
      .set({ content, editedAt: new Date() })
      .where(eq(supportMessages.id, message.id));
    // The message's search words follow its new text by themselves (a generated column).
    await recordConversationEvent(tx, {
      conversationId: message.conversationId,
      actorUserId: viewer.id,
      action: "message.edited",
      messageId: message.id,
      data: { previousContent: message.content },
    });
  });
  const message = await getMessageView(db, input.id);
  publishChange(ctx, message.conversationId);
  return message;
}
