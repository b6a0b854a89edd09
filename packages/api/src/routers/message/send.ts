import { TRPCError } from "@trpc/server";

import { forbidden, notFound, texts, UnconfirmedUserError } from "../../domain/errors";
import { checkMessage } from "../../domain/message-rules";
import { messageQuota, rateLimited } from "../../domain/rate-limit";
import { isStaff } from "../../domain/roles";
import type { MessageView } from "../../domain/views";
import type { ProtectedContext } from "../../trpc";
import { getMessageView } from "../../domain/message-queries";
import type { TSendMessageInput } from "./schemas";
import type { MessageDraft } from "./store";
import { storeMessage } from "./store";
import { publishChange } from "../../realtime/publish";

/**
 * The one way a message is written, whoever writes it: stores it once (store.ts's statement),
 * answers and publishes it. A retry with the same clientMessageId returns the message stored the first
 * time and stores nothing new, even when the two attempts race.
 */
export async function sendMessage(
  ctx: ProtectedContext,
  input: TSendMessageInput,
  /** The team's automatic answer outside business hours: no client input can ask for it. */
  automatic?: "auto_reply",
): Promise<MessageView> {
  const { db, viewer } = ctx;
  if (input.internal && !isStaff(viewer)) {
    // A remembered caller may have joined the team since: only their row, read again, refuses them.
    if (ctx.userRemembered) throw new UnconfirmedUserError(viewer.id);
    throw forbidden(texts.staffOnly);
  }
  const draft = checkMessage(ctx.config, input);

  const stored = await storeMessage(
    db,
    viewer,
    input.conversationId,
    newMessage(input, draft, automatic),
    messageQuota(ctx.config, viewer),
    ctx.userRemembered ? ctx.user : null,
  );
  switch (stored.kind) {
    case "unconfirmed":
      throw new UnconfirmedUserError(viewer.id);
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
      // A reopening made two events; subscribers then read both from the database.
      const origin = ctx.connectionId ? { userId: viewer.id, connectionId: ctx.connectionId } : undefined;
      publishChange(
        ctx,
        input.conversationId,
        stored.reopened ? undefined : { seq: stored.seq, event: { type: "message.created", message: view }, origin },
      );
      // A reopened conversation with nobody assigned waits for an agent again.
      if (stored.reopened) await ctx.assigner.kick();
      return view;
    }
  }
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
