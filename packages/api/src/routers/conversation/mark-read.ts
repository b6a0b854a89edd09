import {
  and,
  desc,
  eq,
  sql,
  supportConversationParticipants,
  supportMessages,
} from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { getConversationFor, visibleMessagesFor } from "../../domain/access";
import { recordConversationEvent } from "../../domain/audit";
import { texts } from "../../domain/errors";
import type { ProtectedContext } from "../../trpc";
import type { TMarkReadInput } from "./schemas";
import { publishChange } from "../../realtime/publish";

/**
 * Moves the caller's read marker forward to the given message (or the latest one). It never moves
 * back, so a late request from an older tab cannot mark read messages unread again.
 */
export async function markRead(ctx: ProtectedContext, input: TMarkReadInput) {
  const { db, viewer } = ctx;
  const result = await db.transaction(async (tx) => {
    await getConversationFor(tx, viewer, input.id, { lock: true });
    const m = supportMessages;
    const [target] = await tx
      .select({ id: m.id, createdAt: m.createdAt })
      .from(m)
      .where(
        and(
          eq(m.conversationId, input.id),
          input.lastReadMessageId ? eq(m.id, input.lastReadMessageId) : undefined,
          // A candidate's marker never points at a note they cannot see.
          visibleMessagesFor(viewer),
        ),
      )
      .orderBy(desc(m.createdAt), desc(m.id))
      .limit(1);
    if (!target) {
      if (input.lastReadMessageId) {
        throw new TRPCError({ code: "BAD_REQUEST", message: texts.readMessageForeign });
      }
      return { lastReadMessageId: null, lastReadAt: null };
    }

    const p = supportConversationParticipants;
    const [current] = await tx
      .select({ lastReadMessageId: p.lastReadMessageId, readCreatedAt: m.createdAt, lastReadAt: p.lastReadAt })
      .from(p)
      .leftJoin(m, eq(m.id, p.lastReadMessageId))
      .where(and(eq(p.conversationId, input.id), eq(p.userId, viewer.id)));
    const alreadyRead =
      current?.readCreatedAt && current.readCreatedAt.getTime() >= target.createdAt.getTime();
    if (alreadyRead) {
      return { lastReadMessageId: current.lastReadMessageId, lastReadAt: current.lastReadAt };
    }

    const now = new Date();
    await tx
      .insert(p)
      .values({
        conversationId: input.id,
        userId: viewer.id,
        participantRole: viewer.role,
        lastReadAt: now,
        lastReadMessageId: target.id,
      })
      .onConflictDoUpdate({
        target: [p.conversationId, p.userId],
        set: { lastReadAt: now, lastReadMessageId: sql`excluded.last_read_message_id` },
      });
    await recordConversationEvent(tx, {
      conversationId: input.id,
      actorUserId: viewer.id,
      action: "conversation.read",
      messageId: target.id,
    });
    return { lastReadMessageId: target.id, lastReadAt: now };
  });
  publishChange(ctx, input.id);
  return result;
}
