import { getTableColumns, sql } from "drizzle-orm";
import { check, customType, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const oneOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

import {
  AGENT_STATUSES,
  CONVERSATION_STATUSES,
  LABEL_COLORS,
  MESSAGE_TYPES,
  NOTIFICATION_DELIVERY_STATUSES,
  PRIORITIES,
  WEBHOOK_DELIVERY_STATUSES,
} from "./constants";
import { messageSearchWordsColumn } from "./search-document";

export * from "./constants";

/** PostgreSQL's full-text document; written with SQL (`to_tsvector`), never parsed in Node. */
/** A host page's context for a conversation: a few named plain values. */
export type ConversationContext = Record<string, string | number | boolean>;

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  "users",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    email: t.text().notNull(),
    name: t.text().notNull(),
    // Free text on purpose: identities from an external issuer may carry roles we do not grant.
    role: t.text().notNull(),
    passwordHash: t.text(),
    externalId: t.text(),
    // Who a host site vouched for (see the embed): `["issuer","subject"]` as JSON. Such a person is
    // always a candidate, and is never matched to another account by email.
    embedIdentity: t.text(),
    // Credentials issued before this moment (tokens, sessions) are refused: set by a password
    // change and by disabling the account.
    credentialsChangedAt: t.timestamp({ withTimezone: true }),
    // A disabled user cannot sign in, and nothing they held before still works.
    disabledAt: t.timestamp({ withTimezone: true }),
    // Set when an admin gave the account a temporary password: until its owner chooses a new one,
    // the API answers only the password change and every page sends them to /perfil.
    mustChangePassword: t.boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  }),
  (table) => [
    // Emails are unique among accounts people sign in to; a host site's users keep the email the
    // host gave, which may be anyone's.
    uniqueIndex("users_email_lower_key").on(sql`lower(${table.email})`).where(sql`${table.embedIdentity} is null`),
    uniqueIndex("users_external_id_key").on(table.externalId),
    uniqueIndex("users_embed_identity_key").on(table.embedIdentity),
    index("users_search_idx").using("gin", sql`to_tsvector('simple', ${table.name} || ' ' || ${table.email})`),
  ],
);

export const supportConversations = pgTable(
  "support_conversations",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    candidateUserId: t
      .uuid()
      .notNull()
      .references(() => users.id),
    createdByUserId: t
      .uuid()
      .notNull()
      .references(() => users.id),
    assignedSupportUserId: t.uuid().references(() => users.id),
    subject: t.text(),
    // What the host page said the conversation is about (e.g. { jobId, page }): a small flat object.
    context: t.jsonb().$type<ConversationContext>(),
    status: t.text({ enum: CONVERSATION_STATUSES }).notNull().default("open"),
    priority: t.text({ enum: PRIORITIES }).notNull().default("normal"),
    // The last event number handed out in this conversation; bumped under the row's lock so that
    // event numbers commit in order (see audit_log.seq).
    lastSeq: t.integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    lastMessageAt: createdAt(),
    // Kept with the change that sets them, so the console and the metrics read columns, not history.
    firstResponseAt: t.timestamp({ withTimezone: true }),
    resolvedAt: t.timestamp({ withTimezone: true }),
    // The subject's words (see search-document.ts); each message carries its own (search_words),
    // so a send never rewrites this row's document and a long conversation costs no more to write to.
    searchVector: tsvector().notNull().default(sql`''::tsvector`),
    deletedAt: t.timestamp({ withTimezone: true }),
  }),
  (table) => [
    index("support_conversations_candidate_idx").on(table.candidateUserId, table.lastMessageAt),
    index("support_conversations_inbox_idx").on(
      table.status,
      table.assignedSupportUserId,
      table.lastMessageAt,
    ),
    index("support_conversations_activity_idx").on(table.lastMessageAt, table.id),
    index("support_conversations_status_activity_idx").on(table.status, table.lastMessageAt, table.id),
    index("support_conversations_assignee_activity_idx").on(
      table.assignedSupportUserId,
      table.lastMessageAt,
      table.id,
    ),
    index("support_conversations_created_idx").on(table.createdAt),
    index("support_conversations_resolved_idx").on(table.resolvedAt).where(sql`${table.resolvedAt} is not null`),
    index("support_conversations_search_idx").using("gin", table.searchVector),
    index("support_conversations_unassigned_activity_idx")
      .on(table.lastMessageAt, table.id)
      .where(sql`${table.assignedSupportUserId} is null and ${table.deletedAt} is null`),
    check("support_conversations_status_check", sql`${table.status} in (${oneOf(CONVERSATION_STATUSES)})`),
    check("support_conversations_priority_check", sql`${table.priority} in (${oneOf(PRIORITIES)})`),
  ],
);

export const supportConversationParticipants = pgTable(
  "support_conversation_participants",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    conversationId: t
      .uuid()
      .notNull()
      .references(() => supportConversations.id),
    userId: t
      .uuid()
      .notNull()
      .references(() => users.id),
    participantRole: t.text().notNull(),
    joinedAt: createdAt(),
    lastReadAt: t.timestamp({ withTimezone: true }),
    lastReadMessageId: t.uuid().references(() => supportMessages.id),
  }),
  (table) => [
    uniqueIndex("support_participants_conversation_user_key").on(
      table.conversationId,
      table.userId,
    ),
    index("support_participants_user_idx").on(table.userId),
  ],
);

export const supportMessages = pgTable(
  "support_messages",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    conversationId: t
      .uuid()
      .notNull()
      .references(() => supportConversations.id),
    senderUserId: t
      .uuid()
      .notNull()
      .references(() => users.id),
    content: t.text().notNull().default(""),
    messageType: t.text({ enum: MESSAGE_TYPES }).notNull().default("text"),
    attachmentUrl: t.text(),
    attachmentName: t.text(),
    attachmentMimeType: t.text(),
    attachmentSizeBytes: t.bigint({ mode: "number" }),
    clientMessageId: t.text(),
    createdAt: createdAt(),
    editedAt: t.timestamp({ withTimezone: true }),
    // Null for notes and automatic answers; written by PostgreSQL from the columns above.
    searchWords: tsvector().generatedAlwaysAs(messageSearchWordsColumn),
  }),
  (table) => [
    index("support_messages_conversation_created_idx").on(
      table.conversationId,
      table.createdAt,
      table.id,
    ),
    uniqueIndex("support_messages_client_message_key").on(
      table.conversationId,
      table.clientMessageId,
    ),
    index("support_messages_search_idx")
      .using("gin", table.searchWords)
      .where(sql`${table.searchWords} is not null`),
    check("support_messages_type_check", sql`${table.messageType} in (${oneOf(MESSAGE_TYPES)})`),
  ],
);

/**
 * Append-only record of every state change. Rows about a conversation carry `seq`, a number
 * unique and gapless within that conversation, taken under the conversation row's lock in the
 * same transaction as the change, so it commits in order and can serve as a resumable event id.
 * `feed_seq` numbers every row in the order rows became visible, once committed (see
 * api/src/realtime/sequencer.ts): the position of the inbox feed and of the webhooks' relay.
 */
export const auditLog = pgTable(
  "audit_log",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    actorUserId: t.uuid().references(() => users.id),
    action: t.text().notNull(),
    conversationId: t.uuid().references(() => supportConversations.id),
    messageId: t.uuid().references(() => supportMessages.id),
    seq: t.integer(),
    // Null until the sequencer numbers the committed row; never changed after.
    feedSeq: t.bigint({ mode: "number" }),
    data: t.jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  }),
  (table) => [
    uniqueIndex("audit_log_conversation_seq_key").on(table.conversationId, table.seq),
    index("audit_log_actor_idx").on(table.actorUserId, table.createdAt),
    // The admin's audit log: newest first, all of it or one action.
    index("audit_log_created_idx").on(table.createdAt, table.id),
    index("audit_log_action_created_idx").on(table.action, table.createdAt),
    uniqueIndex("audit_log_feed_seq_key").on(table.feedSeq),
    // What the sequencer has still to number: empty but for the last moments' rows.
    index("audit_log_unsequenced_idx").on(table.conversationId, table.seq, table.id).where(sql`${table.feedSeq} is null`),
  ],
);

/** Canned responses agents insert with `/shortcut`: the team's, or one agent's own (`owner_user_id`). */
export const supportSavedReplies = pgTable(
  "support_saved_replies",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    shortcut: t.text().notNull(),
    content: t.text().notNull(),
    createdByUserId: t
      .uuid()
      .notNull()
      .references(() => users.id),
    // Null for the team's replies; a personal reply is seen and edited by its owner only.
    ownerUserId: t.uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    deletedAt: t.timestamp({ withTimezone: true }),
  }),
  (table) => [
    // A shortcut is unique per owner (the team counting as one owner), ignoring case.
    uniqueIndex("support_saved_replies_owner_shortcut_key")
      .on(sql`coalesce(${table.ownerUserId}, '00000000-0000-0000-0000-000000000000'::uuid)`, sql`lower(${table.shortcut})`)
      .where(sql`${table.deletedAt} is null`),
  ],
);

/** Topics admins define (CV upload, interviews, payments …), for agents to put on conversations. */
export const supportLabels = pgTable(
  "support_labels",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    name: t.text().notNull(),
    color: t.text({ enum: LABEL_COLORS }).notNull(),
    createdByUserId: t
      .uuid()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    deletedAt: t.timestamp({ withTimezone: true }),
  }),
  (table) => [
    uniqueIndex("support_labels_name_key").on(sql`lower(${table.name})`).where(sql`${table.deletedAt} is null`),
    check("support_labels_color_check", sql`${table.color} in (${oneOf(LABEL_COLORS)})`),
  ],
);

/**
 * A label on a conversation. Taking it off sets `removed_at` (nothing is deleted); putting it back
 * adds a new row, so the table is the label's whole history on that conversation.
 */
export const supportConversationLabels = pgTable(
  "support_conversation_labels",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    conversationId: t
      .uuid()
      .notNull()
      .references(() => supportConversations.id),
    labelId: t
      .uuid()
      .notNull()
      .references(() => supportLabels.id),
    addedByUserId: t.uuid().references(() => users.id),
    createdAt: createdAt(),
    removedAt: t.timestamp({ withTimezone: true }),
    removedByUserId: t.uuid().references(() => users.id),
  }),
  (table) => [
    uniqueIndex("support_conversation_labels_current_key")
      .on(table.conversationId, table.labelId)
      .where(sql`${table.removedAt} is null`),
    index("support_conversation_labels_label_idx").on(table.labelId, table.conversationId).where(sql`${table.removedAt} is null`),
  ],
);

/** A candidate's rating of the help they got, at most one per resolution of a conversation. */
export const supportRatings = pgTable(
  "support_ratings",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    conversationId: t
      .uuid()
      .notNull()
      .references(() => supportConversations.id),
    candidateUserId: t
      .uuid()
      .notNull()
      .references(() => users.id),
    // The agent assigned when the conversation was resolved, for per-agent satisfaction.
    supportUserId: t.uuid().references(() => users.id),
    // Which resolution is rated: the conversation's resolved_at when the rating was given.
    resolvedAt: t.timestamp({ withTimezone: true }).notNull(),
    score: t.integer().notNull(),
    comment: t.text(),
    createdAt: createdAt(),
  }),
  (table) => [
    uniqueIndex("support_ratings_resolution_key").on(table.conversationId, table.resolvedAt),
    index("support_ratings_created_idx").on(table.createdAt),
    check("support_ratings_score_check", sql`${table.score} between 1 and 5`),
  ],
);

/**
 * Whether each agent can take conversations, shared by every app instance. An instance holding one
 * of the agent's consoles refreshes `last_seen_at`; a row not refreshed within the presence grace
 * period means offline. `last_assigned_at` breaks ties between equally loaded agents (round-robin).
 */
export const agentPresence = pgTable(
  "agent_presence",
  (t) => ({
    userId: t
      .uuid()
      .primaryKey()
      .references(() => users.id),
    status: t.text({ enum: AGENT_STATUSES }).notNull().default("online"),
    lastSeenAt: createdAt(),
    lastAssignedAt: t.timestamp({ withTimezone: true }),
    // The instance that last refreshed the row, to tell which process holds a console.
    instanceId: t.text(),
  }),
  (table) => [check("agent_presence_status_check", sql`${table.status} in (${oneOf(AGENT_STATUSES)})`)],
);

/** Counters of rate-limiter-flexible's Drizzle store, shared by every app instance. */
export const rateLimits = pgTable("rate_limits", (t) => ({
  key: t.text().primaryKey(),
  points: t.integer().notNull(),
  expire: t.timestamp({ withTimezone: true }),
}));

/**
 * Where events are sent. The endpoint configured by WEBHOOK_URL is a row too (`fromEnv`), kept in
 * step with the environment at start-up, so its deliveries are logged like any other's.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    url: t.text().notNull(),
    events: t.text().array().notNull(),
    // Signs each delivery (HMAC-SHA256); shown once when created, never listed or logged.
    secret: t.text().notNull(),
    enabled: t.boolean().notNull().default(true),
    fromEnv: t.boolean().notNull().default(false),
    createdByUserId: t.uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    deletedAt: t.timestamp({ withTimezone: true }),
  }),
  (table) => [uniqueIndex("webhook_endpoints_from_env_key").on(table.fromEnv).where(sql`${table.fromEnv}`)],
);

/**
 * One event for one endpoint: its id is the delivery id receivers see (the same on every attempt),
 * its payload is fixed when the relay reads the event, and its columns are the delivery log.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    endpointId: t
      .uuid()
      .notNull()
      .references(() => webhookEndpoints.id),
    auditId: t
      .uuid()
      .notNull()
      .references(() => auditLog.id),
    event: t.text().notNull(),
    payload: t.jsonb().$type<Record<string, unknown>>().notNull(),
    status: t.text({ enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: t.integer().notNull().default(0),
    nextAttemptAt: createdAt(),
    lastAttemptAt: t.timestamp({ withTimezone: true }),
    responseStatus: t.integer(),
    durationMs: t.integer(),
    error: t.text(),
    createdAt: createdAt(),
  }),
  (table) => [
    // The relay's exactly-once: an event reaches an endpoint's log once, whoever relays it.
    uniqueIndex("webhook_deliveries_endpoint_audit_key").on(table.endpointId, table.auditId),
    index("webhook_deliveries_due_idx").on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
    index("webhook_deliveries_created_idx").on(table.createdAt, table.id),
    check("webhook_deliveries_status_check", sql`${table.status} in (${oneOf(WEBHOOK_DELIVERY_STATUSES)})`),
  ],
);

/**
 * Every attempt at a delivery, in order: what each one got (a 2xx or not, the response code, how
 * long it took, the error). The delivery row keeps the latest for the list; this is its history.
 */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    deliveryId: t
      .uuid()
      .notNull()
      .references(() => webhookDeliveries.id),
    attempt: t.integer().notNull(),
    ok: t.boolean().notNull(),
    responseStatus: t.integer(),
    durationMs: t.integer().notNull(),
    error: t.text(),
    attemptedAt: createdAt(),
  }),
  (table) => [uniqueIndex("webhook_attempts_delivery_attempt_key").on(table.deliveryId, table.attempt)],
);

/**
 * How far the relay has read the audit log: every row up to `feed_seq` has been turned into
 * deliveries. One row; the relaying instance holds its lock.
 */
export const webhookRelay = pgTable("webhook_relay", (t) => ({
  id: t.text().primaryKey(),
  feedSeq: t.bigint({ mode: "number" }).notNull(),
  updatedAt: createdAt(),
}));

/** What a person wants to be told while away from the chat, and in which language. */
export const notificationSettings = pgTable("notification_settings", (t) => ({
  userId: t
    .uuid()
    .primaryKey()
    .references(() => users.id),
  emailEnabled: t.boolean().notNull().default(true),
  // The language the person last used the app in; emails are written in it.
  locale: t.text(),
  updatedAt: createdAt(),
}));

/** What an outbox delivery of ours keeps of its attempts (an email, a push, an automatic answer). */
const attemptColumns = () => ({
  status: text({ enum: NOTIFICATION_DELIVERY_STATUSES }).notNull().default("pending"),
  attempts: integer().notNull().default(0),
  nextAttemptAt: createdAt(),
  lastAttemptAt: timestamp({ withTimezone: true }),
  error: text(),
});

/**
 * One email about unread messages of one conversation, for one person: opened by the first such
 * message the relay reads (its audit row), due a delay later, gathering every message still unread
 * then. Later messages join it until it starts (`started_at`); after that they open the next one.
 */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    userId: t
      .uuid()
      .notNull()
      .references(() => users.id),
    conversationId: t
      .uuid()
      .notNull()
      .references(() => supportConversations.id),
    auditId: t
      .uuid()
      .notNull()
      .references(() => auditLog.id),
    ...attemptColumns(),
    startedAt: t.timestamp({ withTimezone: true }),
    // The newest message the email told of: the next email starts after it.
    coveredUntil: t.timestamp({ withTimezone: true }),
    messageCount: t.integer().notNull().default(0),
    createdAt: createdAt(),
  }),
  (table) => [
    // The relay's exactly-once, as for webhooks: a message opens at most one email per person.
    uniqueIndex("notification_deliveries_user_audit_key").on(table.userId, table.auditId),
    index("notification_deliveries_due_idx").on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
    index("notification_deliveries_user_conversation_idx").on(table.userId, table.conversationId, table.createdAt),
    check("notification_deliveries_status_check", sql`${table.status} in (${oneOf(NOTIFICATION_DELIVERY_STATUSES)})`),
  ],
);

/**
 * The VAPID key pair every instance signs Web Push requests with, when WEB_PUSH_PUBLIC_KEY /
 * WEB_PUSH_PRIVATE_KEY are unset: generated by the first instance that needs it (one row, `vapid`).
 */
export const webPushKeys = pgTable("web_push_keys", (t) => ({
  id: t.text().primaryKey(),
  publicKey: t.text().notNull(),
  privateKey: t.text().notNull(),
  createdAt: createdAt(),
}));

/**
 * One browser (device) that accepted Web Push for a person. The endpoint is the push service's
 * address for that browser: whoever subscribes with it last owns it. Removed rows stay (`deleted_at`).
 */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    userId: t
      .uuid()
      .notNull()
      .references(() => users.id),
    endpoint: t.text().notNull(),
    p256dh: t.text().notNull(),
    auth: t.text().notNull(),
    // "Chrome on Linux", for the person to tell their devices apart; never the full user agent.
    label: t.text().notNull(),
    createdAt: createdAt(),
    lastUsedAt: t.timestamp({ withTimezone: true }),
    deletedAt: t.timestamp({ withTimezone: true }),
  }),
  (table) => [
    uniqueIndex("push_subscriptions_endpoint_key").on(table.endpoint),
    index("push_subscriptions_user_idx").on(table.userId).where(sql`${table.deletedAt} is null`),
  ],
);

/** One push about one message to one device: opened by the relay from the message's audit row. */
export const pushDeliveries = pgTable(
  "push_deliveries",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    subscriptionId: t
      .uuid()
      .notNull()
      .references(() => pushSubscriptions.id),
    userId: t
      .uuid()
      .notNull()
      .references(() => users.id),
    conversationId: t
      .uuid()
      .notNull()
      .references(() => supportConversations.id),
    messageId: t
      .uuid()
      .notNull()
      .references(() => supportMessages.id),
    auditId: t
      .uuid()
      .notNull()
      .references(() => auditLog.id),
    ...attemptColumns(),
    responseStatus: t.integer(),
    createdAt: createdAt(),
  }),
  (table) => [
    // The relay's exactly-once: a message opens at most one push per device.
    uniqueIndex("push_deliveries_subscription_audit_key").on(table.subscriptionId, table.auditId),
    index("push_deliveries_due_idx").on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
    check("push_deliveries_status_check", sql`${table.status} in (${oneOf(NOTIFICATION_DELIVERY_STATUSES)})`),
  ],
);

/** One day's opening hours ("09:00"–"18:00"), or null: closed all day. */
export type BusinessDay = { from: string; to: string } | null;

/** The team's business hours: one row (`team`); none means none are kept. */
export const businessHours = pgTable("business_hours", (t) => ({
  id: t.text().primaryKey(),
  enabled: t.boolean().notNull().default(false),
  timeZone: t.text().notNull(),
  // Seven days, Sunday first (as Date.getDay).
  weekly: t.jsonb().$type<BusinessDay[]>().notNull(),
  // Whole days closed, "YYYY-MM-DD" in the team's zone.
  closedDays: t.text().array().notNull(),
  // The automatic answer to a candidate who writes while the team is closed: off, or one text per
  // language (an empty English text falls back to the Spanish one).
  autoReplyEnabled: t.boolean().notNull().default(false),
  autoReplyEs: t.text().notNull().default(""),
  autoReplyEn: t.text().notNull().default(""),
  updatedByUserId: t.uuid().references(() => users.id),
  updatedAt: createdAt(),
}));

/**
 * One automatic answer owed to one conversation for one closed period (`period`: the next opening as
 * ISO, or "never"): opened by the relay from the first candidate message it reads in that period,
 * posted by a job through the ordinary send path. The unique index makes it once per period.
 */
export const autoReplies = pgTable(
  "auto_replies",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    conversationId: t
      .uuid()
      .notNull()
      .references(() => supportConversations.id),
    period: t.text().notNull(),
    // The candidate message's audit row that called for it.
    auditId: t
      .uuid()
      .notNull()
      .references(() => auditLog.id),
    ...attemptColumns(),
    messageId: t.uuid().references(() => supportMessages.id),
    createdAt: createdAt(),
  }),
  (table) => [
    uniqueIndex("auto_replies_conversation_period_key").on(table.conversationId, table.period),
    index("auto_replies_due_idx").on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
    check("auto_replies_status_check", sql`${table.status} in (${oneOf(NOTIFICATION_DELIVERY_STATUSES)})`),
  ],
);

export type User = typeof users.$inferSelect;
/**
 * A conversation's columns as the API reads and hands them out: all but the search document, which
 * only the database reads (in a long conversation it runs to kilobytes).
 */
export const conversationColumns = (() => {
  const { searchVector: _searchVector, ...columns } = getTableColumns(supportConversations);
  return columns;
})();
export type Conversation = Omit<typeof supportConversations.$inferSelect, "searchVector">;
export type Participant = typeof supportConversationParticipants.$inferSelect;
/** A message's columns as the API reads and hands them out: all but its search words. */
export const messageColumns = (() => {
  const { searchWords: _searchWords, ...columns } = getTableColumns(supportMessages);
  return columns;
})();
export type Message = Omit<typeof supportMessages.$inferSelect, "searchWords">;
export type SavedReply = typeof supportSavedReplies.$inferSelect;
export type Label = typeof supportLabels.$inferSelect;
export type Rating = typeof supportRatings.$inferSelect;
export type AgentPresenceRow = typeof agentPresence.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
export type AutoReply = typeof autoReplies.$inferSelect;
export type PushSubscription = typeof pushSubscriptions.$inferSelect;
export type PushDelivery = typeof pushDeliveries.$inferSelect;
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
