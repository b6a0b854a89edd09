import type { Conversation, ConversationStatus, Executor } from "@atiende/db";
import { eq, supportConversations, users } from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { getConversationFor } from "../../domain/access";
import type { AuditAction } from "../../domain/audit";
import { recordConversationEvent } from "../../domain/audit";
import { forbidden, texts } from "../../domain/errors";
import { isStaff, isStaffRole } from "../../domain/roles";
import type { ProtectedContext } from "../../trpc";
import { ensureParticipant, getConversationView } from "../../domain/conversation-queries";
import type { TAssignInput, TSetPriorityInput, TSetStatusInput } from "./schemas";
import { publishChange } from "../../realtime/publish";

type Change = Partial<Pick<Conversation, "status" | "priority" | "assignedSupportUserId">>;

/** Columns that follow from a change without being part of it (not audited as changes). */
function consequences(current: Conversation, change: Change): Partial<Conversation> {
  if (!change.status || change.status === current.status) return {};
  const now = new Date();
  if (change.status === "resolved") return { resolvedAt: now };
  if (change.status === "closed") return { resolvedAt: current.resolvedAt ?? now };
  return { resolvedAt: null };
}

/**
 * Applies one change to a conversation under its row lock and audits it; a change to what is
 * already there is a no-op and leaves no audit row.
 */
async function changeConversation(
  ctx: ProtectedContext,
  id: string,
  action: AuditAction,
  decide: (current: Conversation, tx: Executor) => Promise<Change | null> | Change | null,
  /** More to keep in the audit row beside the change (why it was made). */
  why: Record<string, unknown> = {},
) {
  const { db, viewer } = ctx;
  const changed = await db.transaction(async (tx) => {
    const current = await getConversationFor(tx, viewer, id, { lock: true });
    const change = await decide(current, tx);
    if (!change) return false;
    const keys = Object.keys(change) as (keyof Change)[];
    if (keys.every((key) => current[key] === change[key])) return false;
    await tx
      .update(supportConversations)
      .set({ ...change, ...consequences(current, change), updatedAt: new Date() })
      .where(eq(supportConversations.id, id));
    await recordConversationEvent(tx, {
      conversationId: id,
      actorUserId: viewer.id,
      action,
      data: { ...Object.fromEntries(keys.map((key) => [key, { from: current[key], to: change[key] }])), ...why },
    });
    return true;
  });
  publishChange(ctx, id);
  // A reopened or unassigned conversation waits for an agent; a resolved, closed or reassigned one
  // may have freed an agent for the conversations already waiting.
  if (changed && action !== "conversation.priority_changed") await ctx.assigner.kick();
  return getConversationView(db, viewer, id);
}

const CANDIDATE_STATUSES: readonly ConversationStatus[] = ["open", "resolved"];

/** Staff set any status; a candidate may only reopen or resolve their own conversation. */
export function setStatus(ctx: ProtectedContext, input: TSetStatusInput) {
  if (!isStaff(ctx.viewer) && !CANDIDATE_STATUSES.includes(input.status)) {
    throw forbidden(texts.candidateStatus);
  }
  return changeConversation(ctx, input.id, "conversation.status_changed", () => ({
    status: input.status,
  }));
}


export function setPriority(ctx: ProtectedContext, input: TSetPriorityInput) {
  return changeConversation(ctx, input.id, "conversation.priority_changed", () => ({
    priority: input.priority,
  }));
}

/**
 * Assigns to a member of staff (who joins the conversation), or unassigns with null. With
 * `expectedAssigneeId` the change only happens if the conversation is still assigned as the caller
 * saw it, so one agent never silently takes a conversation another has just taken.
 */
export function assign(ctx: ProtectedContext, input: TAssignInput, why: Record<string, unknown> = {}) {
  return changeConversation(ctx, input.id, "conversation.assigned", async (current, tx) => {
    const { supportUserId } = input;
    if (input.expectedAssigneeId !== undefined && current.assignedSupportUserId !== input.expectedAssigneeId) {
      if (current.assignedSupportUserId === supportUserId) return null;
      throw new TRPCError({ code: "CONFLICT", message: texts.assignedMeanwhile });
    }
    if (supportUserId) {
      const [assignee] = await tx.select().from(users).where(eq(users.id, supportUserId));
      if (!assignee || !isStaffRole(assignee.role) || assignee.disabledAt) {
        throw new TRPCError({ code: "BAD_REQUEST", message: texts.assigneeInvalid });
      }
      await ensureParticipant(tx, input.id, assignee.id, assignee.role);
    }
    return { assignedSupportUserId: supportUserId };
  }, why);
}
