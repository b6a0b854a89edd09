/** The domain's fixed vocabularies; safe to import in browser code (no database code here). */
export const ROLES = ["candidato", "soporte", "admin", "developer"] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ["soporte", "admin", "developer"] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

export const CONVERSATION_STATUSES = ["open", "resolved", "closed"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const PRIORITIES = ["low", "normal", "high"] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * `note` is an internal note: staff only, never shown to the candidate in any API or stream.
 * `auto_reply` is the team's automatic answer outside business hours: the candidate sees it, but it is
 * nobody's reply (it ends no first-response time and sends no email).
 */
export const MESSAGE_TYPES = ["text", "attachment", "system", "note", "auto_reply"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** An agent's own setting; "offline" is never stored, it is what a presence row that went stale means. */
export const AGENT_STATUSES = ["online", "away"] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const RATING_SCORES = [1, 2, 3, 4, 5] as const;

/**
 * The events a webhook endpoint may subscribe to. Internal notes never produce a message event.
 * Safe in browser code: the admin screen lists them.
 */
export const WEBHOOK_EVENTS = [
  "conversation.created",
  "conversation.updated",
  "conversation.rated",
  "message.created",
  "message.updated",
  "conversation.labeled",
  "conversation.unlabeled",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** pending: an attempt is due or running; delivered: a 2xx answered; failed: attempts exhausted. */
export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * pending: due or running; sent: the message went out; skipped: nothing to say when it was due (read
 * in time, opted out, the agent back online); failed: attempts exhausted.
 */
export const NOTIFICATION_DELIVERY_STATUSES = ["pending", "sent", "skipped", "failed"] as const;
export type NotificationDeliveryStatus = (typeof NOTIFICATION_DELIVERY_STATUSES)[number];

/** Every kind of audit_log row, for the writers' types and the admin's filter. */
export const AUDIT_ACTIONS = [
  "conversation.created",
  "conversation.status_changed",
  "conversation.assigned",
  "conversation.priority_changed",
  "conversation.read",
  "conversation.rated",
  "message.created",
  "message.edited",
  "user.created",
  "user.password_changed",
  "user.password_reset",
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "saved_reply.created",
  "saved_reply.updated",
  "saved_reply.removed",
  "label.created",
  "label.updated",
  "label.removed",
  "conversation.label_added",
  "conversation.label_removed",
  "webhook.created",
  "webhook.updated",
  "webhook.removed",
  "webhook.redelivered",
  "notification.settings_changed",
  "notification.push_subscribed",
  "notification.push_unsubscribed",
  "business_hours.updated",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Colours a label may take: a fixed palette, so every label reads with enough contrast. */
export const LABEL_COLORS = ["slate", "red", "amber", "green", "teal", "blue", "indigo", "purple", "pink"] as const;
export type LabelColor = (typeof LABEL_COLORS)[number];
