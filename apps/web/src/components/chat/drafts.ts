/**
 * Unsent text per conversation, kept in the browser so a reload loses nothing. A frame on another
 * site may be refused storage altogether (third-party storage blocked): drafts then live only as
 * long as the page.
 */
const key = (conversationId: string) => `atiende:draft:${conversationId}`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export const readDraft = (conversationId: string) => storage()?.getItem(key(conversationId)) ?? "";

export function keepDraft(conversationId: string, text: string) {
  const store = storage();
  if (text) store?.setItem(key(conversationId), text);
  else store?.removeItem(key(conversationId));
}

/** Forgets every draft (a host site signed its person out). */
export function forgetDrafts() {
  const store = storage();
  if (!store) return;
  for (const name of Object.keys(store)) if (name.startsWith("atiende:draft:")) store.removeItem(name);
}
