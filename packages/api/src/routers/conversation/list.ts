import type { SQL, SQLWrapper } from "@atiende/db";
import { and, count, eq, inArray, isNull, sql, supportConversationLabels, supportConversations } from "@atiende/db";

import type { Viewer } from "../../domain/roles";
import { isStaff } from "../../domain/roles";
import { matches, searchConversationIds, toPrefixQuery } from "../../domain/search";
import type { ProtectedContext } from "../../trpc";
import { selectConversationViews, selectConversationViewsPrepared } from "../../domain/conversation-queries";
import type { TListConversationsInput } from "./schemas";

const c = supportConversations;

/** A filter's value: itself, or a placeholder of a prepared query. */
type Bind = <T>(name: string, value: T) => T | SQLWrapper;
const asValue: Bind = (_name, value) => value;
const asPlaceholder: Bind = (name) => sql.placeholder(name);

function inboxFilters(input: TListConversationsInput, viewer: Viewer, bind: Bind): (SQL | undefined)[] {
  return [
    isStaff(viewer) ? undefined : eq(c.candidateUserId, bind("viewerId", viewer.id)),
    input.candidateUserId ? eq(c.candidateUserId, bind("candidateUserId", input.candidateUserId)) : undefined,
    input.status ? eq(c.status, bind("status", input.status)) : undefined,
    input.priority ? eq(c.priority, bind("priority", input.priority)) : undefined,
    input.assignedToMe ? eq(c.assignedSupportUserId, bind("viewerId", viewer.id)) : undefined,
    input.unassigned ? isNull(c.assignedSupportUserId) : undefined,
    // Labels are the team's own vocabulary: a candidate cannot filter by them.
    input.labelId && isStaff(viewer)
      ? sql`exists (select 1 from ${supportConversationLabels} cl where cl.conversation_id = ${c.id} and cl.label_id = ${bind("labelId", input.labelId)} and cl.removed_at is null)`
      : undefined,
    // Keyset on (last_message_at, id), read from the cursor's row so no precision is lost.
    input.cursor
      ? sql`(${c.lastMessageAt}, ${c.id}) < (select last_message_at, id from ${c} where id = ${bind("cursor", input.cursor)})`
      : undefined,
  ];
}

/** Candidates get their own conversations, staff everyone's; newest activity first. */
export async function listConversations(ctx: ProtectedContext, input: TListConversationsInput) {
  const { viewer } = ctx;
  const query = input.q ? toPrefixQuery(input.q) : null;
  const filters = inboxFilters(input, viewer, asValue);
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
  const shape = filters.map((filter) => (filter ? 1 : 0)).join("");
  const values = { viewerId: viewer.id, candidateUserId: input.candidateUserId, status: input.status, priority: input.priority, labelId: input.labelId, cursor: input.cursor };
  const rows = query
    ? await searchConversationIds(
        ctx.db,
        { shape, where: () => and(...inboxFilters(input, viewer, asPlaceholder)), values },
        query,
        input.limit + 1,
      ).then((ids) => (ids.length ? selectConversationViews(ctx.db, viewer, inArray(c.id, ids), ids.length) : []))
    : // The inbox's pages: one prepared query per combination of filters.
      await selectConversationViewsPrepared(
        ctx.db,
        viewer,
        `list:${shape}`,
        () => and(...inboxFilters(input, viewer, asPlaceholder)),
        values,
        input.limit + 1,
      );
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? last.id : null, pagination: null };
}
