import type { Executor } from "@atiende/db";
import { and, eq, isNull, supportConversations } from "@atiende/db";

import { recordConversationEvent } from "../domain/audit";

/**
 * Unassigns every open conversation of someone who can no longer answer (a disabled account), each
 * audited as an assignment by `actorUserId` with the reason, so automatic assignment hands them out
 * again. Run inside the transaction that makes the change; returns the conversations' ids, for the
 * caller to publish after the commit.
 */
export async function releaseOpenConversations(
  tx: Executor,
  supportUserId: string,
  actorUserId: string,
  reason: string,
): Promise<string[]> {
  const c = supportConversations;
  const held = await tx
    .select({ id: c.id })
    .from(c)
    .where(and(eq(c.assignedSupportUserId, supportUserId), eq(c.status, "open"), isNull(c.deletedAt)))
    .orderBy(c.createdAt, c.id)
    .for("update");
  for (const { id } of held) {
    await recordConversationEvent(
      tx,
      {
        conversationId: id,
        actorUserId,
        action: "conversation.assigned",
        data: { assignedSupportUserId: { from: supportUserId, to: null }, reason },
      },
      { assignedSupportUserId: null, updatedAt: new Date() },
    );
  }
  return held.map(({ id }) => id);
}
