import { randomUUID } from "node:crypto";

import { selectRows, sql, STAFF_ROLES } from "@atiende/db";

import { createTRPCRouter, staffProcedure } from "../../trpc";
import { assign } from "../conversation/update";
import { sendMessage } from "../message/send";
import { ZHandOverInput } from "./schemas";

type Member = { id: string; name: string; role: string; status: "online" | "away" | "offline"; open: number };
type Waiting = { id: string; subject: string | null; candidateName: string; createdAt: Date; priority: string };

const staffRoles = sql.join(
  STAFF_ROLES.map((role) => sql`${role}`),
  sql`, `,
);

/** The team at a glance: who is online, how loaded, what waits; and handing a conversation over. */
export const teamRouter = createTRPCRouter({
  /** Every active staff member with their presence and open conversations, against capacity. */
  members: staffProcedure.query(async ({ ctx }) => {
    const grace = ctx.config.assignment.presenceGraceMs / 1000;
    const members = await selectRows<Member>(
      ctx.db,
      sql`select u.id, u.name, u.role,
          case when p.last_seen_at > now() - make_interval(secs => ${grace}) then p.status else 'offline' end as status,
          (select count(*)::int from support_conversations c
            where c.assigned_support_user_id = u.id and c.status = 'open' and c.deleted_at is null) as open
        from users u left join agent_presence p on p.user_id = u.id
        where u.role in (${staffRoles}) and u.disabled_at is null
        order by (case when p.last_seen_at > now() - make_interval(secs => ${grace}) then p.status else 'offline' end) <> 'online',
          u.name, u.id`,
    );
    return { capacity: ctx.config.assignment.capacity, members };
  }),

  /** Open conversations nobody holds, oldest first: the order automatic assignment takes them in. */
  queue: staffProcedure.query(({ ctx }) =>
    selectRows<Waiting>(
      ctx.db,
      sql`select c.id, c.subject, u.name as "candidateName", c.created_at as "createdAt", c.priority
        from support_conversations c join users u on u.id = c.candidate_user_id
        where c.assigned_support_user_id is null and c.status = 'open' and c.deleted_at is null
        order by c.created_at, c.id
        limit 100`,
    ).then((rows) => rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }))),
  ),

  /**
   * Hands a conversation to someone with a note: assigned to them (the audit row keeps the note),
   * then the note goes into the thread through the ordinary send path, as an internal note.
   */
  handOver: staffProcedure.input(ZHandOverInput).mutation(async ({ ctx, input }) => {
    const conversation = await assign(
      ctx,
      { id: input.conversationId, supportUserId: input.toUserId, expectedAssigneeId: input.expectedAssigneeId },
      { reason: "handover", note: input.note },
    );
    const note = await sendMessage(ctx, {
      conversationId: input.conversationId,
      content: input.note,
      internal: true,
      clientMessageId: `handover-${randomUUID()}`,
    });
    return { conversation, note };
  }),
});
