import type { Conversation, LabelColor, Message } from "@atiende/db";
import { supportMessages, users } from "@atiende/db";

/** Who a message or conversation belongs to, as callers may see it. */
export interface PersonView {
  id: string;
  name: string;
  role: string;
}

export type MessageView = Message & { sender: PersonView };

/** A label as it shows on a conversation. */
export interface LabelView {
  id: string;
  name: string;
  color: LabelColor;
}

export type ConversationView = Conversation & {
  candidate: PersonView & { email: string };
  assignee: PersonView | null;
  unreadCount: number;
  lastMessagePreview: string | null;
  /** Staff only: a candidate always gets none. */
  labels: LabelView[];
};

/** The columns of a message row joined with its sender, for `select()`. */
export const messageColumns = {
  id: supportMessages.id,
  conversationId: supportMessages.conversationId,
  senderUserId: supportMessages.senderUserId,
  content: supportMessages.content,
  messageType: supportMessages.messageType,
  attachmentUrl: supportMessages.attachmentUrl,
  attachmentName: supportMessages.attachmentName,
  attachmentMimeType: supportMessages.attachmentMimeType,
  attachmentSizeBytes: supportMessages.attachmentSizeBytes,
  clientMessageId: supportMessages.clientMessageId,
  createdAt: supportMessages.createdAt,
  editedAt: supportMessages.editedAt,
  sender: { id: users.id, name: users.name, role: users.role },
};
