/**
 * What the web app's browser code may take from the API side at run time: the domain's
 * vocabularies, the role rule, the close codes a socket ends with, how a bearer header reads, and
 * the chat's limits. Nothing here may import Node or database code: esbuild bundles this file into
 * the embedded chat's frame (apps/web/scripts/build-embed.mjs). Types may come from anywhere.
 */
import type { StaffRole } from "@atiende/db/constants";
import { STAFF_ROLES } from "@atiende/db/constants";

import type { ApiConfig } from "../config";

// The vocabularies are the database's enums; the schema and this contract share one list each.
export {
  AUDIT_ACTIONS,
  CONVERSATION_STATUSES,
  LABEL_COLORS,
  PRIORITIES,
  ROLES,
  STAFF_ROLES,
  WEBHOOK_EVENTS,
  type AuditAction,
  type ConversationStatus,
  type LabelColor,
  type Priority,
  type Role,
  type StaffRole,
  type WebhookEvent,
} from "@atiende/db/constants";

/** Whether a role works the support side (the console) rather than asking for help. */
export const isStaffRole = (role: string): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role);

/**
 * Codes a WebSocket closes with that a client can act on: 4001 and 4003 mean the session is over
 * (sign in again or fetch a new token), 1012 and 4008 mean reconnect.
 */
export const CLOSE_CODES = { serviceRestart: 1012, tokenExpired: 4001, revoked: 4003, tooSlow: 4008 } as const;

/**
 * How a browser tab names itself, so that a message it sends is not echoed back to its own socket
 * (the call's answer carries it): the same id goes in the WebSocket's `connectionParams` and in
 * this header of its HTTP calls. Any id the tab likes; it only ever mutes that user's own socket.
 */
export const CONNECTION_ID_HEADER = "x-atiende-connection-id";
export const CONNECTION_ID_PARAM = "connectionId";

/** A connection id as sent, if it is one (8–64 letters, digits, `-` or `_`); anything else is ignored. */
export const connectionIdOf = (value: unknown): string | undefined =>
  typeof value === "string" && /^[\w-]{8,64}$/.test(value) ? value : undefined;

/** The token in an `Authorization: Bearer <token>` header; undefined for any other header or none. */
export const bearerToken = (header: string | null | undefined) => header?.match(/^Bearer\s+(.+)$/i)?.[1];

/** The deployment's message limits, for the composer's own checks (the API enforces them anyway). */
export interface ChatLimits {
  maxLength: number;
  editWindowSeconds: number;
  attachments: { mimeTypes: readonly string[]; maxBytes: number };
}

export const chatLimitsOf = ({ limits }: Pick<ApiConfig, "limits">): ChatLimits => ({
  maxLength: limits.maxMessageLength,
  editWindowSeconds: limits.editWindowSeconds,
  attachments: { mimeTypes: limits.attachmentMimeTypes, maxBytes: limits.attachmentMaxBytes },
});
// The team's business hours, worked out in the browser on its own clock (the candidate's chat).
export { isOpen, nextOpening, WEEKDAYS, type Schedule } from "./business-hours";
