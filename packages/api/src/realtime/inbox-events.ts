import type { Database } from "@atiende/db";
import { inArray, selectRows, sql, supportConversations } from "@atiende/db";

import { canSeeMessage } from "../domain/access";
import type { Viewer } from "../domain/roles";
import { isStaff } from "../domain/roles";
import type { ConversationView, MessageView } from "../domain/views";
import { selectConversationViews } from "../domain/conversation-queries";
import { readMessagesById } from "../domain/message-queries";
import type { BusMessage } from "./bus";
import { channels } from "./bus";
import type { FeedSource, Heard } from "./live-feed";

/** What `live.inbox` delivers: a conversation as it is now, after some change to it. */
export type InboxEvent =
  | {
      type: "conversation.changed";
      action: string;
      conversation: ConversationView;
      message: MessageView | null;
    }
  | { type: "presence"; userId: string; name: string; status: "online" | "away" | "offline" };

const BATCH = 200;

/**
 * Every conversation's changes for staff, a candidate's own conversations' for a candidate,
 * numbered by the audit log's feed order (see sequencer.ts). The sequencer says when it numbered
 * more rows; staff also hear who comes online or goes away.
 */
export class InboxSource implements FeedSource<InboxEvent> {
  constructor(
    private readonly db: Database,
    private readonly viewer: Viewer,
  ) {}

  get channel() {
    return isStaff(this.viewer) ? channels.inbox : channels.inboxOf(this.viewer.id);
  }

  read(after: number) {
    return readInboxEvents(this.db, this.viewer, after);
  }

  hear(message: BusMessage): Heard<InboxEvent> | undefined {
    if (message.kind === "sequenced") return "stale";
    if (message.kind !== "presence" || !isStaff(this.viewer)) return undefined;
    const { userId, name, status } = message;
    return { key: userId, transient: { type: "presence", userId, name, status } };
  }

  canSee() {
    // The bus never hands an inbox event over: every one is read for its viewer.
    return true;
  }
}

/**
 * The viewer's inbox events after feed number `after`. The highest number given so far is read in
 * the same statement: when the batch is not full, everything up to it has been seen, including the
 * rows of conversations the viewer may not see.
 */
export async function readInboxEvents(db: Database, viewer: Viewer, after: number) {
  const own = isStaff(viewer) ? sql`` : sql`and c.candidate_user_id = ${viewer.id}`;
  const rows = await selectRows<{
    head: string;
    feed_seq: string | null;
    conversation_id: string | null;
    action: string | null;
    message_id: string | null;
  }>(
    db,
    sql`with h as (select coalesce(max(feed_seq), 0) as head from audit_log)
      select h.head::text as head, r.feed_seq::text as feed_seq, r.conversation_id, r.action, r.message_id
      from h left join lateral (
        select a.feed_seq, a.conversation_id, a.action, a.message_id
        from audit_log a join ${supportConversations} c on c.id = a.conversation_id
        where a.feed_seq > ${after} and a.feed_seq <= h.head ${own}
        order by a.feed_seq limit ${BATCH}
      ) r on true
      order by r.feed_seq`,
  );
  const head = Number(rows[0]?.head ?? after);
  const found = rows.filter((row) => row.feed_seq !== null && row.conversation_id !== null);

  const conversationIds = [...new Set(found.map((row) => row.conversation_id as string))];
  const messageIds = found.filter((r) => r.action === "message.created" && r.message_id).map((r) => r.message_id as string);
  const [views, messages] = await Promise.all([
    conversationIds.length
      ? selectConversationViews(db, viewer, inArray(supportConversations.id, conversationIds), conversationIds.length)
      : [],
    readMessagesById(db, messageIds),
  ]);
  const viewById = new Map(views.map((view) => [view.id, view]));
  const messageById = new Map(messages.map((message) => [message.id, message]));

  const events = found.map((row) => {
    const seq = Number(row.feed_seq);
    const conversation = viewById.get(row.conversation_id as string);
    const message = row.message_id ? (messageById.get(row.message_id) ?? null) : null;
    if (!conversation || (message && !canSeeMessage(viewer, message))) return { seq, event: null };
    const event: InboxEvent = { type: "conversation.changed", action: row.action ?? "", conversation, message };
    return { seq, event };
  });
  const more = found.length === BATCH;
  return { events, reached: more ? (events.at(-1)?.seq ?? after) : Math.max(head, after), more };
}
