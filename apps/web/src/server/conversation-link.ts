/** `?conversation=<id>` of an email's link: a uuid, or nothing. */
export function conversationParam(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : undefined;
}

/** The sign-in page, coming back to `path` (and the email's conversation) afterwards. */
export function signInFor(path: string, conversation: string | undefined) {
  const back = conversation ? `${path}?conversation=${conversation}` : path;
  return `/sign-in?callbackUrl=${encodeURIComponent(back)}`;
}
