import { CONVERSATION_STATUSES, MESSAGE_TYPES, PRIORITIES } from "@atiende/db";
import { z } from "zod";

/*
 * The REST contracts two existing frontends were written against. Bodies and query strings are
 * parsed with these; the OpenAPI document is generated from the same schemas.
 */

const id = z.uuid({ error: "Identificador no válido" });
const timestamp = z.iso.datetime({ offset: true });
const pageNumber = z.coerce.number().int().min(1).default(1);
const perPage = z.coerce.number().int().min(1).max(100).default(50);

// --- The widget contract (camelCase), /api/chat ---------------------------------------------------

export const ZChatMessage = z
  .object({
    id,
    sessionId: id,
    message: z.string(),
    sender: z.enum(["user", "support"]),
    timestamp,
    isRead: z.boolean(),
  })
  .meta({ id: "ChatMessage" });

export const ZChatSession = z
  .object({
    id,
    userId: id,
    status: z.enum(["active", "closed", "pending"]),
    createdAt: timestamp,
    lastMessageAt: timestamp,
    messages: z.array(ZChatMessage),
  })
  .meta({ id: "ChatSession" });

export const ZSendChatMessageBody = z
  .strictObject({ message: z.string({ error: "El mensaje no puede estar vacío" }) })
  .meta({ id: "SendChatMessage" });

// --- The console contract (snake_case), /api/support/chat -----------------------------------------

export const ZSupportConversation = z
  .object({
    id,
    candidate_user_id: id,
    created_by_user_id: id,
    assigned_support_user_id: id.nullable(),
    subject: z.string().nullable(),
    status: z.enum(CONVERSATION_STATUSES),
    priority: z.enum(PRIORITIES),
    created_at: timestamp,
    updated_at: timestamp,
    last_message_at: timestamp,
    unread_count: z.number().int(),
    context: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .nullable()
      .meta({ description: "What the host page said the conversation is about (embedded chat), e.g. { jobId, page }" }),
  })
  .meta({ id: "SupportConversation" });

export const ZSupportMessage = z
  .object({
    id,
    conversation_id: id,
    sender_user_id: id,
    content: z.string(),
    message_type: z.enum(MESSAGE_TYPES).meta({
      description:
        "text or attachment: written by a person; system: a line the app writes; note: the team's internal note (staff only); auto_reply: the team's automatic answer outside business hours (sent by the system account, not a first response)",
    }),
    attachment_url: z.string().nullable(),
    attachment_name: z.string().nullable(),
    attachment_mime_type: z.string().nullable(),
    attachment_size_bytes: z.number().int().nullable(),
    client_message_id: z.string().nullable(),
    created_at: timestamp,
    edited_at: timestamp.nullable(),
  })
  .meta({ id: "SupportMessage" });

export const ZCreateConversationBody = z
  .strictObject({
    subject: z.string().optional(),
    priority: z.enum(PRIORITIES).optional(),
    candidate_user_id: id.optional(),
  })
  .meta({ id: "CreateConversation" });

export const ZListConversationsQuery = z.strictObject({
  status: z.enum(CONVERSATION_STATUSES).optional(),
  assigned_to_me: z.enum(["true", "false"]).optional(),
  page: pageNumber,
  per_page: perPage,
});

export const ZSendMessageBody = z
  .strictObject({
    content: z.string().optional(),
    message_type: z.enum(["text", "attachment"]).optional(),
    client_message_id: z.string().min(1).max(100).optional(),
    attachment: z
      .strictObject({
        url: z.string(),
        name: z.string(),
        mime_type: z.string(),
        size_bytes: z.number().int().nonnegative(),
      })
      .optional(),
  })
  .meta({ id: "SendMessage" });

export const ZListMessagesQuery = z.strictObject({ page: pageNumber, per_page: perPage });

export const ZReadBody = z
  .strictObject({ last_read_message_id: id.optional() })
  .meta({ id: "MarkRead" });

export const ZStatusBody = z
  .strictObject({ status: z.enum(CONVERSATION_STATUSES) })
  .meta({ id: "SetStatus" });

export const ZPageMeta = z
  .object({ page: z.number().int(), per_page: z.number().int(), total: z.number().int(), total_pages: z.number().int() })
  .meta({ id: "PageMeta" });

export const ZIdParam = z.object({ id });
