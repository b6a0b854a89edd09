import type { SQL } from "@atiende/db";
import { and, asc, count, desc, eq, sql, supportMessages } from "@atiende/db";

import { getConversationFor, visibleMessagesFor } from "../../domain/access";
import { prepared } from "../../domain/prepared";
import { isStaff } from "../../domain/roles";
import type { MessageView } from "../../domain/views";
import type { ProtectedContext } from "../../trpc";
import { selectMessages } from "./queries";
import type { TListMessagesInput } from "./schemas";

export interface MessagePage {
  /** Oldest first within the page. */
  items: MessageView[];
  /** More messages exist beyond this page, in the direction asked for (older unless `after`). */
  hasMore: boolean;
  /** Present when asked by page number. */
  pagination?: { page: number; perPage: number; total: number; totalPages: number };
  /**
   * The conversation's last event number, read before the messages: a live subscription that
   * starts from it misses nothing this page lacks (it may repeat some; ids tell them apart).
   */
  lastSeq: number;
}

/**
 * A conversation's messages by keyset (`before` / `after` a message id, or the latest ones), or by
 * page number for the REST layer. Each page is in ascending order.
 */
export async function listMessages(
  ctx: ProtectedContext,
  input: TListMessagesInput,
): Promise<MessagePage> {
  const { db, viewer } = ctx;
  const { lastSeq } = await getConversationFor(db, viewer, input.conversationId);
  const m = supportMessages;
  const inConversation = and(eq(m.conversationId, input.conversationId), visibleMessagesFor(viewer));
  const select = (where: SQL | undefined) => selectMessages(db, where);

  if (input.page !== undefined || input.perPage !== undefined) {
    const page = input.page ?? 1;
    const perPage = input.perPage ?? input.limit;
    const [totals] = await db.select({ total: count() }).from(m).where(inConversation);
    const total = totals?.total ?? 0;
    const items = await select(inConversation)
      .orderBy(asc(m.createdAt), asc(m.id))
      .limit(perPage)
      .offset((page - 1) * perPage);
    const totalPages = Math.ceil(total / perPage);
    return { items, hasMore: page < totalPages, pagination: { page, perPage, total, totalPages }, lastSeq };
  }

  // Keyset pages have three fixed shapes (latest, before, after), built once and run with values.
  const direction = input.after ? "after" : input.before ? "before" : "latest";
  const page = prepared(db, `messages:${direction}:${isStaff(viewer) ? "staff" : "candidate"}`, (name) => {
    const conversationId = sql.placeholder("conversationId");
    // Compare against the cursor message's own row so no timestamp precision is lost.
    const cursorRow = sql`(select created_at, id from ${m} where id = ${sql.placeholder("cursor")} and conversation_id = ${conversationId})`;
    const inThisConversation = and(eq(m.conversationId, conversationId), visibleMessagesFor(viewer));
    const query = select(
      and(
        inThisConversation,
        direction === "after"
          ? sql`(${m.createdAt}, ${m.id}) > ${cursorRow}`
          : direction === "before"
            ? sql`(${m.createdAt}, ${m.id}) < ${cursorRow}`
            : undefined,
      ),
    );
    const ordered =
      direction === "after" ? query.orderBy(asc(m.createdAt), asc(m.id)) : query.orderBy(desc(m.createdAt), desc(m.id));
    return ordered.limit(sql.placeholder("limit")).prepare(name);
  });
  const rows = await page.execute({
    conversationId: input.conversationId,
    cursor: input.after ?? input.before ?? null,
    limit: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  return { items: direction === "after" ? items : items.reverse(), hasMore: rows.length > input.limit, lastSeq };
}
