import type { SQL } from "@atiende/db";
import { and, count, eq, inArray, isNull, sql, supportConversations } from "@atiende/db";

import { isStaff } from "../../domain/roles";
import { matches, searchConversationIds, toPrefixQuery } from "../../domain/search";
import type { ProtectedContext } from "../../trpc";
import { selectConversationViews } from "./queries";
import type { TListConversationsInput } from "./schemas";

/** Candidates get their own conversations, staff everyone's; newest activity first. */
export async function listConversations(ctx: ProtectedContext, input: TListConversationsInput) {
  const { viewer } = ctx;
  const c = supportConversations;
  const query = input.q ? toPrefixQuery(input.q) : null;
  const filters: (SQL | undefined)[] = [
    isStaff(viewer) ? undefined : eq(c.candidateUserId, viewer.id),
    input.candidateUserId ? eq(c.candidateUserId, input.candidateUserId) : undefined,
    input.status ? eq(c.status, input.status) : undefined,
    input.priority ? eq(c.priority, input.priority) : undefined,
    input.assignedToMe ? eq(c.assignedSupportUserId, viewer.id) : undefined,
    input.unassigned ? isNull(c.assignedSupportUserId) : undefined,
    // Keyset on (last_message_at, id), read from the cursor's row so no precision is lost.
    input.cursor
      ? sql`(${c.lastMessageAt}, ${c.id}) < (select last_message_at, id from ${c} where id = ${input.cursor})`
      : undefined,
  ];
  if (input.page !== undefined || input.perPage !== undefined) {
    const page = input.page ?? 1;
    const perPage = input.perPage ?? input.limit;
    if (query) filters.push(matches(query));
    const where = and(isNull(c.deletedAt), ...filters);
    const [totals] = await ctx.db.select({ total: count() }).from(c).where(where);
    const total = totals?.total ?? 0;
    const items = await selectConversationViews(ctx.db, viewer, and(...filters), perPage, (page - 1) * perPage);
    return {
      items,
      nextCursor: null,
      pagination: { page, perPage, total, totalPages: Math.ceil(total / perPage) },
    };
  }
  const rows = query
    ? await searchConversationIds(ctx.db, and(...filters), query, input.limit + 1).then((ids) =>
        ids.length ? selectConversationViews(ctx.db, viewer, inArray(c.id, ids), ids.length) : [],
      )
    : await selectConversationViews(ctx.db, viewer, and(...filters), input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? last.id : null, pagination: null };
}
