import { TRPCError } from "@trpc/server";
import { z } from "zod";

import type { ApiConfig } from "../config";
import { texts } from "./errors";

type Limits = ApiConfig["limits"];

/** Characters as people count them (code points), not UTF-16 units. */
const length = (text: string) => [...text].length;

function rulesFor(limits: Limits) {
  const content = z
    .string()
    .refine((text) => length(text) <= limits.maxMessageLength, texts.messageTooLong(limits.maxMessageLength));
  const attachment = z.object({
    url: z.string().refine(isHttpUrl, texts.attachmentUrl),
    name: z.string(),
    mimeType: z
      .string()
      .transform((mime) => mime.trim().toLowerCase())
      .refine((mime) => limits.attachmentMimeTypes.includes(mime), {
        error: (issue) => texts.attachmentMime(String(issue.input)),
      }),
    sizeBytes: z.number().max(limits.attachmentMaxBytes, texts.attachmentSize(limits.attachmentMaxBytes)),
  });
  const message = z
    .object({ content: content.optional(), attachment: attachment.optional() })
    .refine((m) => Boolean(m.content?.trim()) || Boolean(m.attachment), {
      message: texts.messageEmpty,
      path: ["content"],
    });
  const subject = z
    .string()
    .refine((text) => length(text) <= limits.maxSubjectLength, texts.subjectTooLong(limits.maxSubjectLength));
  const nonBlankContent = z
    .string()
    .refine((text) => text.trim().length > 0, texts.messageEmpty)
    .pipe(content);
  return { nonBlankContent, message, subject };
}

// The limits come from the environment once per process; build their schemas once too.
const cache = new WeakMap<Limits, ReturnType<typeof rulesFor>>();
const rules = (config: ApiConfig) => {
  let built = cache.get(config.limits);
  if (!built) {
    built = rulesFor(config.limits);
    cache.set(config.limits, built);
  }
  return built;
};

function parse<T>(schema: z.ZodType<T>, value: unknown, path: string[] = []): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // ZodRealError is an Error, so tRPC keeps it as the cause and the formatter can list the fields.
  const error = new z.ZodRealError(
    result.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] })),
  );
  throw new TRPCError({ code: "BAD_REQUEST", message: error.issues[0]?.message, cause: error });
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && Boolean(url.hostname);
  } catch {
    return false;
  }
}

export interface MessageDraft {
  content?: string;
  attachment?: { url: string; name: string; mimeType: string; sizeBytes: number };
}

/** A message needs non-blank text or an attachment, within the deployment's limits. */
export function checkMessage<T extends MessageDraft>(config: ApiConfig, draft: T): T {
  return { ...draft, ...parse(rules(config).message, draft) };
}

export function checkContent(config: ApiConfig, content: string): string {
  return parse(rules(config).nonBlankContent, content, ["content"]);
}

/** A trimmed subject within the limit, or null for none. */
export function checkSubject(config: ApiConfig, subject: string | undefined): string | null {
  const trimmed = subject?.trim();
  return trimmed ? parse(rules(config).subject, trimmed, ["subject"]) : null;
}
