import type { AuditEntry, Executor } from "@atiende/db";
import { and, inArray, isNull, supportConversations, supportMessages } from "@atiende/db";

export interface MessageToTell {
  entry: AuditEntry;
  messageId: string;
  conversationId: string;
  /** Who hears of it: the candidate of the team's reply, the assigned agent of the candidate's message. */
  recipientId: string;
}

/**
 * The new messages among the relay's audit rows that someone should hear of while away, and who.
 * Notes are the team's own; system lines tell nobody anything new.
 */
export async function messagesToTell(tx: Executor, rows: AuditEntry[]): Promise<MessageToTell[]> {
  const created = rows.filter(
    (row) => row.action === "message.created" && row.messageId && row.conversationId,
  );
  if (created.length === 0) return [];
  const messageIds = created.flatMap((row) => (row.messageId ? [row.messageId] : []));
  const conversationIds = [
    ...new Set(created.flatMap((row) => (row.conversationId ? [row.conversationId] : []))),
  ];
  const [messages, conversations] = await Promise.all([
    tx
      .select({
        id: supportMessages.id,
        type: supportMessages.messageType,
        senderUserId: supportMessages.senderUserId,
      })
      .from(supportMessages)
      .where(inArray(supportMessages.id, messageIds)),
    tx
      .select({
        id: supportConversations.id,
        candidateUserId: supportConversations.candidateUserId,
        assigneeId: supportConversations.assignedSupportUserId,
      })
      .from(supportConversations)
      .where(
        and(
          inArray(supportConversations.id, conversationIds),
          isNull(supportConversations.deletedAt),
        ),
      ),
  ]);
  const messageById = new Map(messages.map((m) => [m.id, m]));
  const conversationById = new Map(conversations.map((c) => [c.id, c]));
  return created.flatMap((entry) => {
    const message = entry.messageId ? messageById.get(entry.messageId) : undefined;
    const conversation = entry.conversationId
      ? conversationById.get(entry.conversationId)
      : undefined;
    if (!message || !conversation || (message.type !== "text" && message.type !== "attachment"))
      return [];
    const recipientId =
      message.senderUserId === conversation.candidateUserId
        ? conversation.assigneeId
        : conversation.candidateUserId;
    if (!recipientId || recipientId === message.senderUserId) return [];
    return [{ entry, messageId: message.id, conversationId: conversation.id, recipientId }];
  });
}
