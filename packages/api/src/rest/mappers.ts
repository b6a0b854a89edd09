import type { Conversation, Message } from "@atiende/db";

import { isStaffRole } from "../domain/roles";
import type { ConversationView, MessageView } from "../domain/views";

export interface Reader {
  role: string;
  lastReadMessageAt: Date | null;
}

/** Whether someone on the other side of the message (staff vs candidate) has read it. */
function readByOtherSide(message: MessageView, readers: Reader[]) {
  const fromStaff = isStaffRole(message.sender.role);
  return readers.some(
    (reader) =>
      isStaffRole(reader.role) !== fromStaff &&
      reader.lastReadMessageAt !== null &&
      reader.lastReadMessageAt.getTime() >= message.createdAt.getTime(),
  );
}

export function toChatMessage(message: MessageView, readers: Reader[]) {
  return {
    id: message.id,
    sessionId: message.conversationId,
    message: message.content,
    sender: isStaffRole(message.sender.role) ? ("support" as const) : ("user" as const),
    timestamp: message.createdAt.toISOString(),
    isRead: readByOtherSide(message, readers),
  };
}

/** pending: open and nobody from support has answered or taken it; active: open and attended. */
export function toChatSession(conversation: Conversation, messages: MessageView[], readers: Reader[]) {
  const attended =
    conversation.assignedSupportUserId !== null ||
    messages.some((message) => isStaffRole(message.sender.role));
  return {
    id: conversation.id,
    userId: conversation.candidateUserId,
    status: conversation.status !== "open" ? ("closed" as const) : attended ? ("active" as const) : ("pending" as const),
    createdAt: conversation.createdAt.toISOString(),
    lastMessageAt: conversation.lastMessageAt.toISOString(),
    messages: messages.map((message) => toChatMessage(message, readers)),
  };
}

export function toSupportConversation(conversation: ConversationView) {
  return {
    id: conversation.id,
    candidate_user_id: conversation.candidateUserId,
    created_by_user_id: conversation.createdByUserId,
    assigned_support_user_id: conversation.assignedSupportUserId,
    subject: conversation.subject,
    status: conversation.status,
    priority: conversation.priority,
    created_at: conversation.createdAt.toISOString(),
    updated_at: conversation.updatedAt.toISOString(),
    last_message_at: conversation.lastMessageAt.toISOString(),
    unread_count: conversation.unreadCount,
    context: conversation.context,
  };
}

export function toSupportMessage(message: Message) {
  return {
    id: message.id,
    conversation_id: message.conversationId,
    sender_user_id: message.senderUserId,
    content: message.content,
    message_type: message.messageType,
    attachment_url: message.attachmentUrl,
    attachment_name: message.attachmentName,
    attachment_mime_type: message.attachmentMimeType,
    attachment_size_bytes: message.attachmentSizeBytes,
    client_message_id: message.clientMessageId,
    created_at: message.createdAt.toISOString(),
    edited_at: message.editedAt?.toISOString() ?? null,
  };
}
