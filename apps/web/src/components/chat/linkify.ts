export type TextPart = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

// Candidates start at an explicit http(s) scheme; anything else (javascript:, data:, bare
// domains) stays text. Quotes and angle brackets end a URL, as they do in plain-text mail.
const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Sentence punctuation after a URL belongs to the sentence.
const TRAILING = /[.,;:!?¡¿…]+$/;

/** The URL as it should be linked, or null when it is not a well-formed http(s) URL. */
function toHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Drops trailing punctuation and a closing parenthesis that closes text around the URL. */
function trimEnd(candidate: string): string {
  let url = candidate.replace(TRAILING, "");
  while (url.endsWith(")") && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) {
    url = url.slice(0, -1).replace(TRAILING, "");
  }
  return url;
}

/** Splits message text into plain text and http(s) links, in order; the parts join back to it. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const url = trimEnd(match[0]);
    const href = toHref(url);
    if (!href) continue;
    if (match.index > last) parts.push({ kind: "text", text: text.slice(last, match.index) });
    parts.push({ kind: "link", text: url, href });
    last = match.index + url.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}
