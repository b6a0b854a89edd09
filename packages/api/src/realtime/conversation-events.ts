import type { Conversation, Database } from "@atiende/db";
import { and, asc, auditLog, conversationColumns, eq, gt, supportConversations } from "@atiende/db";

import { canSeeMessage } from "../domain/access";
import type { Viewer } from "../domain/roles";
import type { MessageView } from "../domain/views";
import { readMessagesById } from "../domain/message-queries";
import type { BusMessage } from "./bus";
import { channels } from "./bus";
import type { FeedSource, Heard } from "./live-feed";

export type ConversationChange = Record<string, { from: unknown; to: unknown }>;

/** What `live.conversation` delivers. Every event but `typing` is stored and numbered. */
export type ConversationEvent =
  | { type: "message.created"; message: MessageView }
  | { type: "message.updated"; message: MessageView }
  | { type: "conversation.updated"; conversation: Conversation; changes: ConversationChange }
  | { type: "read.updated"; userId: string; lastReadMessageId: string }
  | { type: "rating.created"; score: number }
  | { type: "typing"; userId: string; name: string; isTyping: boolean };

export interface NumberedEvent {
  seq: number;
  event: ConversationEvent;
}

const READ_BATCH = 200;

/**
 * One conversation's events for one viewer: numbered by the conversation's own sequence, which the
 * bus carries with each event, so a subscriber that is up to date never reads the database.
 * A class: one per subscription, kept all day, so its methods are shared rather than closures.
 */
export class ConversationSource implements FeedSource<ConversationEvent> {
  constructor(
    private readonly db: Database,
    private readonly viewer: Viewer,
    private readonly conversationId: string,
    /** The subscriber's named connection, if any: what it sent itself is numbered, not sent back. */
    private readonly connectionId?: string,
  ) {}

  get channel() {
    return channels.conversation(this.conversationId);
  }

  async read(after: number) {
    const events = await readConversationEvents(this.db, this.viewer, this.conversationId, after);
    return { events, reached: events.at(-1)?.seq ?? after, more: events.length === READ_BATCH };
  }

  hear(message: BusMessage): Heard<ConversationEvent> | undefined {
    if (message.kind === "typing") {
      const { userId, name, isTyping } = message;
      return userId === this.viewer.id ? undefined : { key: userId, transient: { type: "typing", userId, name, isTyping } };
    }
    if (message.kind !== "changed") return undefined;
    if (message.seq === undefined || !message.event) return "stale";
    const { origin } = message;
    const echo = origin !== undefined && origin.connectionId === this.connectionId && origin.userId === this.viewer.id;
    return { seq: message.seq, event: message.event, ...(echo ? { echo } : {}) };
  }

  canSee(event: ConversationEvent) {
    return canSeeEvent(this.viewer, event);
  }
}

/**
 * The stored events of one conversation after `afterSeq`, oldest first, at most one batch. Events
 * the viewer may not see come back as null, so the reader still moves past their numbers.
 */
export async function readConversationEvents(
  db: Database,
  viewer: Viewer,
  conversationId: string,
  afterSeq: number,
): Promise<{ seq: number; event: ConversationEvent | null }[]> {
  const rows = await db
    .select({ audit: auditLog, conversation: conversationColumns })
    .from(auditLog)
    .innerJoin(supportConversations, eq(supportConversations.id, auditLog.conversationId))
    .where(and(eq(auditLog.conversationId, conversationId), gt(auditLog.seq, afterSeq)))
    .orderBy(asc(auditLog.seq))
    .limit(READ_BATCH);

  const messageIds = rows
    .filter((row) => row.audit.action === "message.created" || row.audit.action === "message.edited")
    .map((row) => row.audit.messageId)
    .filter((id): id is string => Boolean(id));
  const messages = new Map((await readMessagesById(db, messageIds)).map((m) => [m.id, m]));

  return rows.flatMap(({ audit, conversation }) => {
    const event = toEvent(audit, conversation, messages);
    if (audit.seq === null) return [];
    return [{ seq: audit.seq, event: event && canSeeEvent(viewer, event) ? event : null }];
  });
}

export function canSeeEvent(viewer: Viewer, event: ConversationEvent): boolean {
  return !("message" in event) || canSeeMessage(viewer, event.message);
}

function toEvent(
  audit: typeof auditLog.$inferSelect,
  conversation: Conversation,
  messages: Map<string, MessageView>,
): ConversationEvent | null {
  const message = audit.messageId ? messages.get(audit.messageId) : undefined;
  switch (audit.action) {
    case "message.created":
      return message ? { type: "message.created", message } : null;
    case "message.edited":
      return message ? { type: "message.updated", message } : null;
    case "conversation.read":
      return audit.actorUserId && audit.messageId
        ? { type: "read.updated", userId: audit.actorUserId, lastReadMessageId: audit.messageId }
        : null;
    case "conversation.rated":
      return typeof audit.data.score === "number" ? { type: "rating.created", score: audit.data.score } : null;
    case "conversation.created":
    case "conversation.status_changed":
    case "conversation.assigned":
    case "conversation.priority_changed":
      return {
        type: "conversation.updated",
        conversation,
        changes: pickChanges(audit.data),
      };
    default:
      return null;
  }
}

/** The `{ field: { from, to } }` entries of an audit row's data. */
function pickChanges(data: Record<string, unknown>): ConversationChange {
  return Object.fromEntries(
    Object.entries(data).filter(
      (entry): entry is [string, { from: unknown; to: unknown }] =>
        typeof entry[1] === "object" && entry[1] !== null && "to" in entry[1],
    ),
  );
}
