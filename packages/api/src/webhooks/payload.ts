import type { AuditEntry, Conversation, Message, Rating, WebhookEvent } from "@atiende/db";

import type { AuditAction } from "../domain/audit";
import { ZWebhookConversation, ZWebhookLabel } from "./schemas";

/** Audit actions that go out as webhook events; reads, users and saved replies stay inside. */
export const EVENT_OF_ACTION: Partial<Record<AuditAction, WebhookEvent>> = {
  "conversation.created": "conversation.created",
  "conversation.status_changed": "conversation.updated",
  "conversation.assigned": "conversation.updated",
  "conversation.priority_changed": "conversation.updated",
  "conversation.rated": "conversation.rated",
  "message.created": "message.created",
  "message.edited": "message.updated",
  "conversation.label_added": "conversation.labeled",
  "conversation.label_removed": "conversation.unlabeled",
};

/**
 * The conversation as receivers see it: its row as JSON, keeping the fields its schema lists (a new
 * field is one line in ZWebhookConversation).
 */
export const conversationPayload = (conversation: Conversation) =>
  ZWebhookConversation.parse(JSON.parse(JSON.stringify(conversation)));

export const messagePayload = (message: Message) => ({
  id: message.id,
  conversationId: message.conversationId,
  senderUserId: message.senderUserId,
  type: message.messageType,
  content: message.content,
  attachment: message.attachmentUrl
    ? {
        url: message.attachmentUrl,
        name: message.attachmentName,
        mimeType: message.attachmentMimeType,
        sizeBytes: message.attachmentSizeBytes,
      }
    : null,
  createdAt: message.createdAt.toISOString(),
  editedAt: message.editedAt?.toISOString() ?? null,
});

/** What conversation.updated says changed: each field's value before and after. */
const CHANGED_FIELDS = ["status", "priority", "assignedSupportUserId"] as const;

export interface PayloadSources {
  entry: AuditEntry;
  conversation: Conversation;
  message: Message | null;
  rating: Rating | null;
}

/**
 * The body of every delivery of one event. `id` is the event's (its audit row's): the same for
 * every endpoint, while each endpoint's delivery has its own delivery id (a header). Null when the
 * event cannot be described.
 */
export function buildPayload(event: WebhookEvent, { entry, conversation, message, rating }: PayloadSources) {
  const data: Record<string, unknown> = { conversation: conversationPayload(conversation) };
  if (event === "message.created" || event === "message.updated") {
    data.message = message && messagePayload(message);
  }
  if (event === "conversation.updated") {
    data.changes = Object.fromEntries(CHANGED_FIELDS.filter((field) => field in entry.data).map((f) => [f, entry.data[f]]));
  }
  if (event === "conversation.rated") data.rating = rating && { score: rating.score, comment: rating.comment };
  if (event === "conversation.labeled" || event === "conversation.unlabeled") {
    // The audit row names the label as it was (see routers/label/on-conversation.ts); rows written
    // before it kept the colour cannot be described, and send nothing.
    const label = ZWebhookLabel.safeParse({ id: entry.data.labelId, name: entry.data.name, color: entry.data.color });
    if (!label.success) return null;
    data.label = label.data;
    data.actorUserId = entry.actorUserId;
  }
  return { id: entry.id, type: event, createdAt: entry.createdAt.toISOString(), data };
}

export type WebhookPayload = NonNullable<ReturnType<typeof buildPayload>>;
