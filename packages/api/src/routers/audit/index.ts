import { and, auditLog, desc, eq, sql, users } from "@atiende/db";

import { adminProcedure, createTRPCRouter } from "../../trpc";
import { ZAuditListInput } from "./schemas";

/** The audit log for admins: who did what and when, newest first, filtered and paged. */
export const auditRouter = createTRPCRouter({
  list: adminProcedure.input(ZAuditListInput).query(async ({ ctx, input }) => {
    const a = auditLog;
    const zone = input.timeZone;
    const rows = await ctx.db
      .select({
        id: a.id,
        createdAt: a.createdAt,
        action: a.action,
        conversationId: a.conversationId,
        data: a.data,
        // Null for the system's own changes (automatic assignment).
        actor: { id: users.id, name: users.name, email: users.email },
      })
      .from(a)
      .leftJoin(users, eq(users.id, a.actorUserId))
      .where(
        and(
          input.actorUserId ? eq(a.actorUserId, input.actorUserId) : undefined,
          input.action ? eq(a.action, input.action) : undefined,
          input.from ? sql`${a.createdAt} >= (${input.from}::date::timestamp at time zone ${zone})` : undefined,
          input.to ? sql`${a.createdAt} < ((${input.to}::date + 1)::timestamp at time zone ${zone})` : undefined,
          // Compared in SQL: a JavaScript Date would drop the timestamps' microseconds.
          input.cursor
            ? sql`(${a.createdAt}, ${a.id}) < (select c.created_at, c.id from ${auditLog} c where c.id = ${input.cursor})`
            : undefined,
        ),
      )
      .orderBy(desc(a.createdAt), desc(a.id))
      .limit(input.limit + 1);
    const items = rows.slice(0, input.limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > input.limit && last ? last.id : null,
    };
  }),
});
