import { z } from "zod";
import { createDocument } from "zod-openapi";

import {
  ZChatMessage,
  ZChatSession,
  ZCreateConversationBody,
  ZIdParam,
  ZListConversationsQuery,
  ZListMessagesQuery,
  ZPageMeta,
  ZReadBody,
  ZSendChatMessageBody,
  ZSendMessageBody,
  ZStatusBody,
  ZSupportConversation,
  ZSupportMessage,
} from "./schemas";
import { webhookPayloadSchemas } from "../webhooks/schemas";

const ok = (data: z.ZodType | null, description: string, meta = false) => ({
  description,
  content: {
    "application/json": {
      schema: z.object({
        success: z.literal(true),
        message: z.string(),
        ...(data ? { data } : {}),
        ...(meta ? { meta: ZPageMeta } : {}),
      }),
    },
  },
});

const ZError = z
  .object({
    success: z.literal(false),
    message: z.union([z.string(), z.array(z.string())]),
    errors: z.record(z.string(), z.array(z.string())).optional(),
  })
  .meta({ id: "Error" });

const error = (description: string) => ({ description, content: { "application/json": { schema: ZError } } });
const errors = {
  "400": error("Invalid input: every message, by field"),
  "401": error("Token inválido o expirado"),
  "403": error("No tienes permisos para acceder a esta sesión de chat"),
  "404": error("Sesión de chat no encontrada"),
  "429": error("Too many messages; see the Retry-After header"),
  "500": error("Error interno del servidor"),
};
const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });

/** The OpenAPI 3.1 document of every REST endpoint, from the schemas the endpoints parse with. */
export function createOpenApiDocument(serverUrl = "/") {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Atiende REST API",
      version: "1.0.0",
      description:
        "REST endpoints of the Atiende support chat. Authenticate with `Authorization: Bearer <token>` " +
        "from `POST /api/auth/token`. Every response uses the envelope `{ success, data, message }`.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    // What Atiende POSTs to webhook endpoints (see the README: signature, retries).
    webhooks: Object.fromEntries(
      Object.entries(webhookPayloadSchemas).map(([event, schema]) => [
        event,
        {
          post: {
            summary: `${event}: ${schema.meta()?.description ?? ""}`,
            tags: ["webhooks"],
            security: [],
            parameters: [
              { name: "Atiende-Signature", in: "header" as const, required: true, description: "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\" with the endpoint's secret>", schema: { type: "string" as const } },
              { name: "Atiende-Delivery", in: "header" as const, required: true, description: "The delivery's id, the same on every retry: deduplicate on it", schema: { type: "string" as const } },
              { name: "Atiende-Event", in: "header" as const, required: true, description: "The event's type", schema: { type: "string" as const } },
            ],
            requestBody: json(schema),
            responses: { "2XX": { description: "Received; any other answer (a redirect too) is retried" } },
          },
        },
      ]),
    ),
    paths: {
      "/api/auth/token": {
        post: {
          summary: "Exchange email and password for a bearer token",
          security: [],
          requestBody: json(z.object({ email: z.string(), password: z.string() })),
          responses: {
            "200": {
              description: "A token",
              ...json(
                z.object({
                  token: z.string(),
                  expiresAt: z.iso.datetime(),
                  user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string() }),
                }),
              ),
            },
            "400": errors["400"],
            "401": error("Credenciales inválidas"),
            "429": errors["429"],
          },
        },
      },
      "/api/chat/session/active": {
        get: {
          summary: "The caller's open chat session with its messages, or null",
          tags: ["widget"],
          responses: { "200": ok(ZChatSession.nullable(), "Sesión obtenida exitosamente"), ...errors },
        },
      },
      "/api/chat/session": {
        post: {
          summary: "Start a chat session (status pending); 409 while one is open, even for simultaneous calls",
          tags: ["widget"],
          responses: {
            "201": ok(ZChatSession, "Sesión creada exitosamente"),
            ...errors,
            "409": error("Ya tienes una sesión de chat activa"),
          },
        },
      },
      "/api/chat/session/{id}/messages": {
        get: {
          summary: "A session's messages, oldest first",
          tags: ["widget"],
          requestParams: { path: ZIdParam },
          responses: { "200": ok(z.array(ZChatMessage), "Mensajes obtenidos exitosamente"), ...errors },
        },
      },
      "/api/chat/message": {
        post: {
          summary: "Send a message into the caller's open session",
          tags: ["widget"],
          requestBody: json(ZSendChatMessageBody),
          responses: { "201": ok(ZChatMessage, "Mensaje enviado exitosamente"), ...errors },
        },
      },
      "/api/chat/session/{id}/close": {
        patch: {
          summary: "Close (resolve) a session",
          tags: ["widget"],
          requestParams: { path: ZIdParam },
          responses: { "200": ok(null, "Sesión cerrada exitosamente"), ...errors },
        },
      },
      "/api/chat/session/{id}/mark-read": {
        patch: {
          summary: "Mark every support message in a session read",
          tags: ["widget"],
          requestParams: { path: ZIdParam },
          responses: { "200": ok(null, "Mensajes marcados como leídos"), ...errors },
        },
      },
      "/api/support/chat/conversations": {
        post: {
          summary: "Open a conversation (a candidate for themself; staff for any candidate)",
          tags: ["console"],
          requestBody: json(ZCreateConversationBody),
          responses: { "201": ok(ZSupportConversation, "Conversación creada exitosamente"), ...errors },
        },
        get: {
          summary: "Conversations, newest activity first (candidates: their own)",
          tags: ["console"],
          requestParams: { query: ZListConversationsQuery },
          responses: {
            "200": ok(z.array(ZSupportConversation), "Conversaciones obtenidas exitosamente", true),
            ...errors,
          },
        },
      },
      "/api/support/chat/conversations/{id}/messages": {
        post: {
          summary: "Send a text or attachment message",
          tags: ["console"],
          requestParams: { path: ZIdParam },
          requestBody: json(ZSendMessageBody),
          responses: { "201": ok(ZSupportMessage, "Mensaje enviado exitosamente"), ...errors },
        },
        get: {
          summary: "Messages by page, oldest first (page 1 is the oldest)",
          tags: ["console"],
          requestParams: { path: ZIdParam, query: ZListMessagesQuery },
          responses: { "200": ok(z.array(ZSupportMessage), "Mensajes obtenidos exitosamente", true), ...errors },
        },
      },
      "/api/support/chat/conversations/{id}/read": {
        post: {
          summary: "Move the caller's read marker",
          tags: ["console"],
          requestParams: { path: ZIdParam },
          requestBody: json(ZReadBody),
          responses: {
            "200": ok(
              z.object({ last_read_message_id: z.string().nullable(), last_read_at: z.string().nullable() }),
              "Mensajes marcados como leídos",
            ),
            ...errors,
          },
        },
      },
      "/api/support/chat/conversations/{id}/status": {
        patch: {
          summary: "Set the status (staff: any; a candidate: open or resolved, their own)",
          tags: ["console"],
          requestParams: { path: ZIdParam },
          requestBody: json(ZStatusBody),
          responses: { "200": ok(ZSupportConversation, "Estado actualizado exitosamente"), ...errors },
        },
      },
    },
  });
}
