import type { Database, Executor } from "@atiende/db";
import {
  agentPresence,
  and,
  eq,
  isNull,
  selectRows,
  sql,
  STAFF_ROLES,
  supportConversations,
} from "@atiende/db";

import type { ApiConfig } from "../config";
import { recordConversationEvent } from "../domain/audit";
import { ensureParticipant } from "../domain/conversation-queries";

/**
 * Key of the advisory lock that serialises assignment decisions across every app instance: counting
 * an agent's load and giving them one more conversation must not interleave with another decision.
 */
const ASSIGNMENT_LOCK = 7_311_046_104;

/** Assignments made in one transaction: the lock is let go now and then so others get a turn. */
const BATCH = 50;

export interface Assignment {
  conversationId: string;
  supportUserId: string;
}

/**
 * Assigns waiting conversations (open, unassigned), oldest first, each to the online agent with the
 * fewest open conversations below capacity; ties go to whoever was assigned least recently. Stops
 * when nothing waits or nobody can take more. Returns what it assigned, committed.
 */
export async function assignWaiting(db: Database, config: ApiConfig): Promise<Assignment[]> {
  const assigned: Assignment[] = [];
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${ASSIGNMENT_LOCK})`);
      const made: Assignment[] = [];
      while (made.length < BATCH) {
        const conversationId = await nextWaiting(tx);
        if (!conversationId) return { made, more: false };
        const agent = await leastLoadedAgent(tx, config);
        if (!agent) return { made, more: false };
        await assignOne(tx, conversationId, agent);
        made.push({ conversationId, supportUserId: agent.userId });
      }
      return { made, more: true };
    });
    assigned.push(...batch.made);
    if (!batch.more) return assigned;
  }
}

/**
 * The oldest waiting conversation, locked. One someone else holds locked (a message being sent,
 * a manual assignment) is skipped rather than waited for; the next pass gets it.
 */
async function nextWaiting(tx: Executor): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: supportConversations.id })
    .from(supportConversations)
    .where(
      and(
        isNull(supportConversations.assignedSupportUserId),
        eq(supportConversations.status, "open"),
        isNull(supportConversations.deletedAt),
      ),
    )
    .orderBy(supportConversations.createdAt, supportConversations.id)
    .limit(1)
    .for("update", { skipLocked: true });
  return row?.id;
}

interface Candidate {
  userId: string;
  role: string;
}

/** The online staff member with the fewest open conversations below capacity, in one statement. */
async function leastLoadedAgent(tx: Executor, config: ApiConfig): Promise<Candidate | undefined> {
  const { capacity, presenceGraceMs } = config.assignment;
  const [row] = await selectRows<{ user_id: string; role: string }>(
    tx,
    sql`select p.user_id, u.role
      from agent_presence p
      join users u on u.id = p.user_id
      cross join lateral (
        select count(*) as open from support_conversations c
        where c.assigned_support_user_id = p.user_id and c.status = 'open' and c.deleted_at is null
      ) load
      where p.status = 'online'
        and u.disabled_at is null
        and p.last_seen_at > now() - make_interval(secs => ${presenceGraceMs / 1000})
        and u.role in (${sql.join(
          STAFF_ROLES.map((role) => sql`${role}`),
          sql`, `,
        )})
        and load.open < ${capacity}
      order by load.open, p.last_assigned_at asc nulls first, p.user_id
      limit 1`,
  );
  return row ? { userId: row.user_id, role: row.role } : undefined;
}

/** Assigns, makes the agent a participant, audits with no actor (the system), and moves the turn. */
async function assignOne(tx: Executor, conversationId: string, agent: Candidate) {
  await tx
    .update(supportConversations)
    .set({ assignedSupportUserId: agent.userId, updatedAt: new Date() })
    .where(eq(supportConversations.id, conversationId));
  await ensureParticipant(tx, conversationId, agent.userId, agent.role);
  await recordConversationEvent(tx, {
    conversationId,
    actorUserId: null,
    action: "conversation.assigned",
    data: { assignedSupportUserId: { from: null, to: agent.userId }, reason: "auto" },
  });
  // clock_timestamp, not now(): several assignments in one transaction must still take turns.
  await tx
    .update(agentPresence)
    .set({ lastAssignedAt: sql`clock_timestamp()` })
    .where(eq(agentPresence.userId, agent.userId));
}
