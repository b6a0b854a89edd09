import type { Conversation } from "@atiende/db";
import { and, eq, messageWords, sql, supportConversations, supportMessages } from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { getConversationFor } from "../../domain/access";
import { recordConversationEvent } from "../../domain/audit";
import { forbidden, notFound, texts } from "../../domain/errors";
import { checkMessage } from "../../domain/message-rules";
import { consumeMessageQuota, messageQuota, rateLimited } from "../../domain/rate-limit";
import type { Viewer } from "../../domain/roles";
import { isStaff } from "../../domain/roles";
import type { MessageView } from "../../domain/views";
import type { ProtectedContext } from "../../trpc";
import { ensureParticipant } from "../../domain/conversation-queries";
import { getMessageView } from "../../domain/message-queries";
import type { TSendMessageInput } from "./schemas";
import type { MessageDraft } from "./store";
import { storeMessage } from "./store";
import { publishChange } from "../../realtime/publish";

/**
 * Stores a message once. A retry with the same clientMessageId returns the message stored the first
 * time and stores nothing new, even when the two attempts race.
 */
export async function sendMessage(
  ctx: ProtectedContext,
  input: TSendMessageInput,
  /** The team's automatic answer outside business hours: no client input can ask for it. */
  automatic?: "auto_reply",
): Promise<MessageView> {
  const { db, viewer } = ctx;
  if (input.internal && !isStaff(viewer)) throw forbidden(texts.staffOnly);
  const draft = checkMessage(ctx.config, input);

  const stored = await storeMessage(
    db,
    viewer,
    input.conversationId,
    newMessage(input, draft, automatic),
    messageQuota(ctx.config, viewer),
  );
  switch (stored.kind) {
    case "missing":
      throw notFound();
    case "forbidden":
      throw forbidden();
    case "twin":
      if (stored.senderUserId !== viewer.id) {
        throw new TRPCError({ code: "CONFLICT", message: texts.clientMessageIdTaken });
      }
      return getMessageView(db, stored.id);
    case "closed":
      throw new TRPCError({ code: "CONFLICT", message: texts.conversationClosed });
    case "limited":
      throw rateLimited(stored.retryAfterSeconds);
    case "stored": {
      const view: MessageView = { ...stored.message, sender: { id: viewer.id, name: viewer.name, role: viewer.role } };
      publishChange(ctx, input.conversationId, { seq: stored.seq, event: { type: "message.created", message: view } });
      return view;
    }
    case "reopens":
      return sendReopening(ctx, input, draft);
  }
}

/**
 * The transactional send, statement by statement, for a candidate writing into a resolved
 * conversation: it reopens, which makes two events. Stores a message once, like `storeMessage`.
 */
async function sendReopening(
  ctx: ProtectedContext,
  input: TSendMessageInput,
  draft: ReturnType<typeof checkMessage>,
): Promise<MessageView> {
  const { db, viewer } = ctx;
  const sent = await db.transaction(async (tx) => {
    // The lock serialises senders in this conversation: the duplicate check cannot race, concurrent
    // retries spend the quota once, and message times and event numbers are handed out in commit
    // order.
    const conversation = await getConversationFor(tx, viewer, input.conversationId, { lock: true });
    if (input.clientMessageId) {
      const [twin] = await tx
        .select({ id: supportMessages.id, senderUserId: supportMessages.senderUserId })
        .from(supportMessages)
        .where(
          and(
            eq(supportMessages.conversationId, conversation.id),
            eq(supportMessages.clientMessageId, input.clientMessageId),
          ),
        );
      if (twin && twin.senderUserId !== viewer.id) {
        throw new TRPCError({ code: "CONFLICT", message: texts.clientMessageIdTaken });
      }
      // A retry of a stored message is answered with it, and spends none of the quota.
      if (twin) return { stored: false, id: twin.id } as const;
    }
    if (conversation.status === "closed" && !isStaff(viewer)) {
      throw new TRPCError({ code: "CONFLICT", message: texts.conversationClosed });
    }
    await consumeMessageQuota(tx, ctx.config, viewer);

    const [message] = await tx
      .insert(supportMessages)
      .values({
        ...newMessage(input, draft),
        conversationId: conversation.id,
        senderUserId: viewer.id,
        createdAt: sql`clock_timestamp()`,
      })
      .returning();
    if (!message) throw new Error("The message insert returned no row");

    const reopens = reopensConversation(conversation, viewer);
    const seq = await recordConversationEvent(
      tx,
      { conversationId: conversation.id, actorUserId: viewer.id, action: "message.created", messageId: message.id },
      input.internal
        ? // A note is no activity the candidate can see: their list keeps its order.
          { updatedAt: message.createdAt }
        : {
            lastMessageAt: message.createdAt,
            updatedAt: message.createdAt,
            searchVector: sql`${supportConversations.searchVector} || ${messageWords(sql`${message.content}::text`, sql`${message.attachmentName}::text`)}`,
            ...(reopens ? { status: "open", resolvedAt: null } : {}),
            ...(isFirstResponse(conversation, viewer) ? { firstResponseAt: message.createdAt } : {}),
          },
    );
    if (reopens) {
      await recordConversationEvent(tx, {
        conversationId: conversation.id,
        actorUserId: viewer.id,
        action: "conversation.status_changed",
        data: { status: { from: conversation.status, to: "open" }, reason: "candidate_message" },
      });
    }
    // The candidate joined when the conversation was opened; staff join with their first message.
    if (viewer.id !== conversation.candidateUserId) {
      await ensureParticipant(tx, conversation.id, viewer.id, viewer.role);
    }
    return { stored: true, message, seq, reopens } as const;
  });

  if (!sent.stored) return getMessageView(db, sent.id);
  const view: MessageView = { ...sent.message, sender: { id: viewer.id, name: viewer.name, role: viewer.role } };
  // A reopening made two events; subscribers then read both from the database.
  publishChange(
    ctx,
    input.conversationId,
    sent.reopens ? undefined : { seq: sent.seq, event: { type: "message.created", message: view } },
  );
  // A reopened conversation with nobody assigned waits for an agent again.
  if (sent.reopens) await ctx.assigner.kick();
  return view;
}

/** The new message's own columns, the same whichever way it is stored. */
function newMessage(input: TSendMessageInput, draft: ReturnType<typeof checkMessage>, automatic?: "auto_reply"): MessageDraft {
  return {
    content: draft.content ?? "",
    messageType: automatic ?? (input.internal ? "note" : draft.attachment ? "attachment" : "text"),
    attachmentUrl: draft.attachment?.url,
    attachmentName: draft.attachment?.name,
    attachmentMimeType: draft.attachment?.mimeType,
    attachmentSizeBytes: draft.attachment?.sizeBytes,
    clientMessageId: input.clientMessageId,
  };
}

/** The first reply from someone other than the candidate starts the response-time clock's end. */
function isFirstResponse(conversation: Conversation, viewer: Viewer): boolean {
  return conversation.firstResponseAt === null && isStaff(viewer);
}

/** A candidate writing into a resolved conversation reopens it, as in any help desk. */
function reopensConversation(conversation: Conversation, viewer: Viewer): boolean {
  return conversation.status === "resolved" && !isStaff(viewer);
}
