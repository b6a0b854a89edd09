/** The domain's fixed vocabularies; safe to import in browser code (no database code here). */
export const ROLES = ["candidato", "soporte", "admin", "developer"] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ["soporte", "admin", "developer"] as const satisfies readonly Role[];

export const CONVERSATION_STATUSES = ["open", "resolved", "closed"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const PRIORITIES = ["low", "normal", "high"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const MESSAGE_TYPES = ["text", "attachment", "system"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
