import type { Conversation, ConversationStatus, Executor } from "@atiende/db";
import { eq, supportConversations, users } from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { getConversationFor } from "../../domain/access";
import type { AuditAction } from "../../domain/audit";
import { recordConversationEvent } from "../../domain/audit";
import { forbidden, texts } from "../../domain/errors";
import { isStaff, isStaffRole } from "../../domain/roles";
import type { ProtectedContext } from "../../trpc";
import { publishChange } from "../../trpc";
import { ensureParticipant, getConversationView } from "./queries";
import type { TAssignInput, TSetPriorityInput, TSetStatusInput } from "./schemas";

type Change = Partial<Pick<Conversation, "status" | "priority" | "assignedSupportUserId">>;

/**
 * Applies one change to a conversation under its row lock and audits it; a change to what is
 * already there is a no-op and leaves no audit row. `follow` names columns that follow from the
 * change (such as the resolution time): written with it, neither compared nor audited.
 */
async function changeConversation(
  ctx: ProtectedContext,
  id: string,
  action: AuditAction,
  decide: (current: Conversation, tx: Executor) => Promise<Change | null> | Change | null,
  follow: (current: Conversation, change: Change) => Partial<Conversation> = () => ({}),
) {
  const { db, viewer } = ctx;
  await db.transaction(async (tx) => {
    const current = await getConversationFor(tx, viewer, id, { lock: true });
    const change = await decide(current, tx);
    if (!change) return;
    const keys = Object.keys(change) as (keyof Change)[];
    if (keys.every((key) => current[key] === change[key])) return;
    await tx
      .update(supportConversations)
      .set({ ...change, ...follow(current, change), updatedAt: new Date() })
      .where(eq(supportConversations.id, id));
    await recordConversationEvent(tx, {
      conversationId: id,
      actorUserId: viewer.id,
      action,
      data: Object.fromEntries(keys.map((key) => [key, { from: current[key], to: change[key] }])),
    });
  });
  publishChange(ctx, id);
  return getConversationView(db, viewer, id);
}

const CANDIDATE_STATUSES: readonly ConversationStatus[] = ["open", "resolved"];

/** Staff set any status; a candidate may only reopen or resolve their own conversation. */
export function setStatus(ctx: ProtectedContext, input: TSetStatusInput) {
  if (!isStaff(ctx.viewer) && !CANDIDATE_STATUSES.includes(input.status)) {
    throw forbidden(texts.candidateStatus);
  }
  return changeConversation(
    ctx,
    input.id,
    "conversation.status_changed",
    () => ({ status: input.status }),
    resolutionTime,
  );
}

/**
 * Each resolution gets its own time (ratings are keyed by it); closing keeps the time it was
 * resolved, or takes now; reopening clears it.
 */
function resolutionTime(current: Conversation, change: Change): Partial<Conversation> {
  const now = new Date();
  switch (change.status) {
    case "resolved":
      return { resolvedAt: now };
    case "closed":
      return { resolvedAt: current.resolvedAt ?? now };
    case "open":
      return { resolvedAt: null };
    default:
      return {};
  }
}

export function setPriority(ctx: ProtectedContext, input: TSetPriorityInput) {
  return changeConversation(ctx, input.id, "conversation.priority_changed", () => ({
    priority: input.priority,
  }));
}

/** Assigns to a member of staff (who joins the conversation), or unassigns with null. */
export function assign(ctx: ProtectedContext, input: TAssignInput) {
  return changeConversation(ctx, input.id, "conversation.assigned", async (_current, tx) => {
    const { supportUserId } = input;
    if (supportUserId) {
      const [assignee] = await tx.select().from(users).where(eq(users.id, supportUserId));
      if (!assignee || !isStaffRole(assignee.role)) {
        throw new TRPCError({ code: "BAD_REQUEST", message: texts.assigneeInvalid });
      }
      await ensureParticipant(tx, input.id, assignee.id, assignee.role);
    }
    return { assignedSupportUserId: supportUserId };
  });
}
