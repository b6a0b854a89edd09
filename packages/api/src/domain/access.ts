import type { Conversation, Executor, Message, SQL } from "@atiende/db";
import {
  and,
  conversationColumns,
  eq,
  isNull,
  ne,
  sql,
  supportConversations,
  supportMessages,
} from "@atiende/db";

import { forbidden, notFound } from "./errors";
import { prepared } from "./prepared";
import type { Viewer } from "./roles";
import { isStaff } from "./roles";

/**
 * The one rule for who may see a conversation: staff see every one, a candidate only their own.
 * An unknown or soft-deleted id is NOT_FOUND; someone else's is FORBIDDEN. With `lock`, the row
 * stays locked until the surrounding transaction ends.
 */
export async function getConversationFor(
  db: Executor,
  viewer: Viewer,
  conversationId: string,
  options: { lock?: boolean } = {},
): Promise<Conversation> {
  const query = (id: string | ReturnType<typeof sql.placeholder>) =>
    db
      .select(conversationColumns)
      .from(supportConversations)
      .where(and(eq(supportConversations.id, id), isNull(supportConversations.deletedAt)));
  const [conversation] = options.lock
    ? await query(conversationId).for("update")
    : await prepared(db, "conversation-by-id", (name) => query(sql.placeholder("id")).prepare(name)).execute({
        id: conversationId,
      });
  assertCanSeeConversation(viewer, conversation);
  return conversation;
}

/**
 * `getConversationFor`'s check on a row read elsewhere (or not found): no row is NOT_FOUND,
 * someone else's conversation FORBIDDEN.
 */
export function assertCanSeeConversation<T extends Pick<Conversation, "candidateUserId">>(
  viewer: Viewer,
  conversation: T | undefined,
): asserts conversation is T {
  if (!conversation) throw notFound();
  if (!canSeeConversation(viewer, conversation)) throw forbidden();
}

export function canSeeConversation(
  viewer: Viewer,
  conversation: Pick<Conversation, "candidateUserId">,
): boolean {
  return isStaff(viewer) || conversation.candidateUserId === viewer.id;
}

/**
 * `canSeeConversation` for a statement that decides in the database: whether the viewer (`staff`
 * as isStaff says, and their id) may see the conversation row named `conversation`.
 */
export const canSeeConversationSql = (conversation: string, viewer: { id: SQL; staff: SQL }) =>
  sql`(${viewer.staff} or ${sql.raw(conversation)}.candidate_user_id = ${viewer.id})`;

/**
 * The live conversation `id`, locked until the statement's transaction ends, as `getConversationFor`
 * with `lock` reads it: writers into one conversation take their turns.
 */
export const lockedConversationSql = (id: SQL, columns: SQL) =>
  sql`select ${columns} from support_conversations where id = ${id} and deleted_at is null for update`;

/** Internal notes are for staff: a candidate never receives one, in any API or stream. */
export function canSeeMessage(viewer: Viewer, message: Pick<Message, "messageType">): boolean {
  return isStaff(viewer) || message.messageType !== "note";
}

/** `canSeeMessage` as a condition on `support_messages`, for queries. */
export function visibleMessagesFor(viewer: Viewer): SQL | undefined {
  return isStaff(viewer) ? undefined : ne(supportMessages.messageType, "note");
}
