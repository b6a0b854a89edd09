import { TRPCError } from "@trpc/server";

import type { Caller, RestResult } from "./caller";
import { toSupportConversation, toSupportMessage } from "./mappers";
import {
  ZCreateConversationBody,
  ZIdParam,
  ZListConversationsQuery,
  ZListMessagesQuery,
  ZReadBody,
  ZSendMessageBody,
  ZStatusBody,
} from "./schemas";

/*
 * The console contract (/api/support/chat), snake_case. Every rule is the tRPC procedures'; this
 * file only translates shapes and names.
 */

export const consoleFieldNames = {
  candidateUserId: "candidate_user_id",
  "attachment.mimeType": "attachment.mime_type",
  "attachment.sizeBytes": "attachment.size_bytes",
  clientMessageId: "client_message_id",
  lastReadMessageId: "last_read_message_id",
  perPage: "per_page",
};

const pageMeta = (p: { page: number; perPage: number; total: number; totalPages: number }) => ({
  page: p.page,
  per_page: p.perPage,
  total: p.total,
  total_pages: p.totalPages,
});

export async function createConversation(caller: Caller, body: unknown): Promise<RestResult> {
  const input = ZCreateConversationBody.parse(body ?? {});
  const conversation = await caller.conversation.create({
    subject: input.subject,
    priority: input.priority,
    candidateUserId: input.candidate_user_id,
  });
  return { status: 201, data: toSupportConversation(conversation), message: "Conversación creada exitosamente" };
}

export async function listConversations(caller: Caller, query: URLSearchParams): Promise<RestResult> {
  const input = ZListConversationsQuery.parse(Object.fromEntries(query));
  const result = await caller.conversation.list({
    status: input.status,
    assignedToMe: input.assigned_to_me === "true",
    page: input.page,
    perPage: input.per_page,
  });
  return {
    data: result.items.map(toSupportConversation),
    message: "Conversaciones obtenidas exitosamente",
    meta: result.pagination ? pageMeta(result.pagination) : undefined,
  };
}

export async function sendMessage(caller: Caller, params: unknown, body: unknown): Promise<RestResult> {
  const { id } = ZIdParam.parse(params);
  const input = ZSendMessageBody.parse(body ?? {});
  if (input.message_type && (input.message_type === "attachment") !== Boolean(input.attachment)) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "message_type no coincide con el contenido (attachment solo con adjunto)",
    });
  }
  const message = await caller.message.send({
    conversationId: id,
    content: input.content,
    clientMessageId: input.client_message_id,
    attachment: input.attachment && {
      url: input.attachment.url,
      name: input.attachment.name,
      mimeType: input.attachment.mime_type,
      sizeBytes: input.attachment.size_bytes,
    },
  });
  return { status: 201, data: toSupportMessage(message), message: "Mensaje enviado exitosamente" };
}

export async function listMessages(caller: Caller, params: unknown, query: URLSearchParams): Promise<RestResult> {
  const { id } = ZIdParam.parse(params);
  const input = ZListMessagesQuery.parse(Object.fromEntries(query));
  const result = await caller.message.list({ conversationId: id, page: input.page, perPage: input.per_page });
  return {
    data: result.items.map(toSupportMessage),
    message: "Mensajes obtenidos exitosamente",
    meta: result.pagination ? pageMeta(result.pagination) : undefined,
  };
}

export async function markRead(caller: Caller, params: unknown, body: unknown): Promise<RestResult> {
  const { id } = ZIdParam.parse(params);
  const input = ZReadBody.parse(body ?? {});
  const read = await caller.conversation.markRead({ id, lastReadMessageId: input.last_read_message_id });
  return {
    data: {
      last_read_message_id: read.lastReadMessageId,
      last_read_at: read.lastReadAt?.toISOString() ?? null,
    },
    message: "Mensajes marcados como leídos",
  };
}

export async function setStatus(caller: Caller, params: unknown, body: unknown): Promise<RestResult> {
  const { id } = ZIdParam.parse(params);
  const { status } = ZStatusBody.parse(body ?? {});
  const conversation = await caller.conversation.setStatus({ id, status });
  return { data: toSupportConversation(conversation), message: "Estado actualizado exitosamente" };
}
