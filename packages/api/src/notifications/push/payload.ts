/** What a push says, in each language the app speaks: short, as a notification shows it. */
import type { EmailLocale } from "../settings";

/** Longer bodies are cut: a notification shows two or three lines, and push payloads are small. */
const MAX_BODY = 140;

export interface PushPayload {
  title: string;
  body: string;
  /** A path on the app's own origin: the service worker opens nothing else. */
  url: string;
  /** One per conversation, so a conversation's notifications replace each other. */
  tag: string;
}

const words = {
  es: {
    reply: (agent: string) => `${agent} te respondió`,
    candidate: (who: string) => `${who} escribió`,
    attachment: (name: string) => `Archivo adjunto: ${name}`,
  },
  en: {
    reply: (agent: string) => `${agent} replied`,
    candidate: (who: string) => `${who} wrote`,
    attachment: (name: string) => `Attachment: ${name}`,
  },
} as const;

export function composePush(input: {
  locale: EmailLocale;
  toCandidate: boolean;
  senderName: string;
  text: string;
  attachmentName: string | null;
  conversationId: string;
}): PushPayload {
  const w = words[input.locale];
  const text =
    input.text.trim() || (input.attachmentName ? w.attachment(input.attachmentName) : "");
  const body = text.length > MAX_BODY ? `${text.slice(0, MAX_BODY - 1).trimEnd()}…` : text;
  const id = encodeURIComponent(input.conversationId);
  return {
    title: input.toCandidate ? w.reply(input.senderName) : w.candidate(input.senderName),
    body,
    url: input.toCandidate
      ? `/chat-soporte?conversation=${id}`
      : `/support/communication?conversation=${id}`,
    tag: `conversation-${input.conversationId}`,
  };
}
