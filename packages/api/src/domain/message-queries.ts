import type { Executor, SQL } from "@atiende/db";
import { eq, supportMessages, users } from "@atiende/db";

import type { MessageView } from "./views";
import { messageColumns } from "./views";

/** Messages with their senders, as every API returns them. */
export const selectMessages = (db: Executor, where: SQL | undefined) =>
  db
    .select(messageColumns)
    .from(supportMessages)
    .innerJoin(users, eq(users.id, supportMessages.senderUserId))
    .where(where);

export async function getMessageView(db: Executor, id: string): Promise<MessageView> {
  const [message] = await selectMessages(db, eq(supportMessages.id, id));
  if (!message) throw new Error(`Message ${id} is missing`);
  return message;
}
