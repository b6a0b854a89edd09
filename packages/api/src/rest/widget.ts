import { TRPCError } from "@trpc/server";

import type { Caller } from "./caller";
import { restTexts } from "./errors";
import { toChatMessage, toChatSession } from "./mappers";
import { ZIdParam, ZSendChatMessageBody } from "./schemas";

/*
 * The widget contract (/api/chat): a candidate's one open conversation is their "session".
 * Every rule is the tRPC procedures'; this file only translates shapes and words.
 */

export const widgetFieldNames = { content: "message" };

async function requireCandidate(caller: Caller) {
  const me = await caller.auth.me();
  if (me.role !== "candidato") throw new TRPCError({ code: "FORBIDDEN", message: restTexts.forbidden });
  return me;
}

async function openConversation(caller: Caller) {
  const { items } = await caller.conversation.list({ status: "open", limit: 1 });
  return items[0] ?? null;
}

/** Every message, oldest first (the contract has no paging here), up to a sane bound. */
async function allMessages(caller: Caller, conversationId: string) {
  const messages = [];
  for (let page = 1; page <= 50; page++) {
    const result = await caller.message.list({ conversationId, page, perPage: 100 });
    messages.push(...result.items);
    if (!result.hasMore) break;
  }
  return messages;
}

async function sessionOf(caller: Caller, conversationId: string) {
  const [conversation, messages, readers] = await Promise.all([
    caller.conversation.get({ id: conversationId }),
    allMessages(caller, conversationId),
    caller.conversation.readers({ id: conversationId }),
  ]);
  return toChatSession(conversation, messages, readers);
}

export async function getActiveSession(caller: Caller) {
  await requireCandidate(caller);
  const open = await openConversation(caller);
  return { data: open ? await sessionOf(caller, open.id) : null, message: "Sesión obtenida exitosamente" };
}

/** The check for an open session and the creation are one locked step in the procedure (`unlessOpen`). */
export async function createSession(caller: Caller) {
  await requireCandidate(caller);
  const conversation = await caller.conversation.create({ unlessOpen: true }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "CONFLICT") {
      throw new TRPCError({ code: "CONFLICT", message: restTexts.activeSessionExists });
    }
    throw error;
  });
  return { status: 201, data: toChatSession(conversation, [], []), message: "Sesión creada exitosamente" };
}

export async function getSessionMessages(caller: Caller, params: unknown) {
  await requireCandidate(caller);
  const { id } = ZIdParam.parse(params);
  const [messages, readers] = await Promise.all([allMessages(caller, id), caller.conversation.readers({ id })]);
  return {
    data: messages.map((message) => toChatMessage(message, readers)),
    message: "Mensajes obtenidos exitosamente",
  };
}

export async function sendChatMessage(caller: Caller, body: unknown) {
  await requireCandidate(caller);
  const { message } = ZSendChatMessageBody.parse(body);
  const open = await openConversation(caller);
  if (!open) throw new TRPCError({ code: "NOT_FOUND", message: restTexts.noActiveSession });
  const sent = await caller.message.send({ conversationId: open.id, content: message });
  return { status: 201, data: toChatMessage(sent, []), message: "Mensaje enviado exitosamente" };
}

/** "Closed" in the widget is resolved in the chat: the candidate may reopen it by writing again. */
export async function closeSession(caller: Caller, params: unknown) {
  await requireCandidate(caller);
  const { id } = ZIdParam.parse(params);
  await caller.conversation.setStatus({ id, status: "resolved" });
  return { message: "Sesión cerrada exitosamente" };
}

export async function markSessionRead(caller: Caller, params: unknown) {
  await requireCandidate(caller);
  const { id } = ZIdParam.parse(params);
  await caller.conversation.markRead({ id });
  return { message: "Mensajes marcados como leídos" };
}
