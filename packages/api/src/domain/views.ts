import type { Conversation, LabelColor, Message } from "@atiende/db";

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

