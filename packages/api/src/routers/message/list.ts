import { readHistory } from "../../domain/message-queries";
import type { MessageView } from "../../domain/views";
import type { ProtectedContext } from "../../trpc";
import type { TListMessagesInput } from "./schemas";

export interface MessagePage {
  /** Oldest first within the page. */
  items: MessageView[];
  /** More messages exist beyond this page, in the direction asked for (older unless `after`). */
  hasMore: boolean;
  /** Present when asked by page number. */
  pagination?: { page: number; perPage: number; total: number; totalPages: number };
  /**
   * The conversation's last event number, read before the messages (or in the same statement,
   * which sees one snapshot): a live subscription that starts from it misses nothing this page
   * lacks (it may repeat some; ids tell them apart).
   */
  lastSeq: number;
}

/**
 * A conversation's messages by keyset (`before` / `after` a message id, or the latest ones), or by
 * page number for the REST layer: the access check, lastSeq and the page in one statement. Each
 * page is in ascending order.
 */
export async function listMessages(ctx: ProtectedContext, input: TListMessagesInput): Promise<MessagePage> {
  if (input.page !== undefined || input.perPage !== undefined) {
    const page = input.page ?? 1;
    const perPage = input.perPage ?? input.limit;
    const { rows, lastSeq, total } = await readHistory(
      ctx.db,
      ctx.viewer,
      input.conversationId,
      "page",
      (page - 1) * perPage,
      perPage,
    );
    const totalPages = Math.ceil(total / perPage);
    return { items: rows, hasMore: page < totalPages, pagination: { page, perPage, total, totalPages }, lastSeq };
  }

  const direction = input.after ? "after" : input.before ? "before" : "latest";
  const cursor = input.after ?? input.before ?? null;
  const { rows, lastSeq } = await readHistory(ctx.db, ctx.viewer, input.conversationId, direction, cursor, input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items: direction === "after" ? items : items.reverse(), hasMore: rows.length > input.limit, lastSeq };
}
