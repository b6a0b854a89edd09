import { createHmac, timingSafeEqual } from "node:crypto";

import type { Conversation, User } from "@atiende/db";

import type { NotificationConfig } from "../config";

/**
 * The unsubscribe link's token: the user's id and an HMAC of it with AUTH_SECRET, for this one
 * purpose. It can do nothing but turn that person's emails off, so it may sit in a URL (mail
 * clients offer it as a button: RFC 8058).
 */
export function unsubscribeToken(userId: string, secret: string): string {
  return `${userId}.${mac(userId, secret)}`;
}

/** The user id a token was made for, or null when it was not made with this secret. */
export function readUnsubscribeToken(token: string, secret: string): string | null {
  const [userId, given] = token.split(".");
  if (!userId || !given || !/^[0-9a-f-]{36}$/.test(userId)) return null;
  const expected = Buffer.from(mac(userId, secret));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? userId : null;
}

const mac = (userId: string, secret: string) =>
  createHmac("sha256", secret).update(`atiende-unsubscribe:${userId}`).digest("base64url");

/**
 * The two unsubscribe addresses: the page people open from the email (it asks, then acts), and
 * the endpoint mail clients' one-click button POSTs to (the List-Unsubscribe header).
 */
export const unsubscribeUrls = (config: NotificationConfig, userId: string, secret: string) => {
  const token = unsubscribeToken(userId, secret);
  return { page: `${config.publicUrl}/baja-correo?token=${token}`, oneClick: `${config.publicUrl}/api/notifications/unsubscribe?token=${token}` };
};

/**
 * Where the email's link takes its reader. Staff go to the console; a candidate with a password to
 * the support page; a candidate a host site vouched for has no password here, so back to the host:
 * ATIENDE_EMBED_RETURN_URL, else the page recorded in the conversation's host context when it is on
 * one of the host origins (an address from elsewhere is never put in an email). Null: no page to
 * point at.
 */
export function conversationUrl(
  config: NotificationConfig,
  hostOrigins: readonly string[],
  recipient: Pick<User, "id" | "embedIdentity">,
  conversation: Pick<Conversation, "id" | "candidateUserId" | "context">,
): string | null {
  const id = encodeURIComponent(conversation.id);
  if (recipient.id !== conversation.candidateUserId) return `${config.publicUrl}/support/communication?conversation=${id}`;
  if (!recipient.embedIdentity) return `${config.publicUrl}/chat-soporte?conversation=${id}`;
  if (config.embedReturnUrl) return config.embedReturnUrl;
  return hostPage(conversation.context?.page ?? conversation.context?.url, hostOrigins);
}

function hostPage(page: unknown, hostOrigins: readonly string[]): string | null {
  if (typeof page !== "string" || page.length === 0) return null;
  // A path needs one host to be resolved against; with several, which one is a guess.
  const base = hostOrigins.length === 1 ? hostOrigins[0] : undefined;
  try {
    const url = new URL(page, base);
    return hostOrigins.includes(url.origin) ? url.href : null;
  } catch {
    return null;
  }
}
