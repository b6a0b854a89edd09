import type { WebhookEvent } from "@atiende/db";
import { CONVERSATION_STATUSES, LABEL_COLORS, MESSAGE_TYPES, PRIORITIES } from "@atiende/db";
import { z } from "zod";

/*
 * The payloads receivers get, as the OpenAPI document describes them (rest/openapi.ts). The
 * conversation is built by parsing through its schema, so a new field is one line here.
 */

const time = z.string().meta({ format: "date-time" });
const uuid = z.string().meta({ format: "uuid" });

export const ZWebhookConversation = z
  .object({
    id: uuid,
    subject: z.string().nullable(),
    status: z.enum(CONVERSATION_STATUSES),
    priority: z.enum(PRIORITIES),
    candidateUserId: uuid,
    assignedSupportUserId: uuid.nullable(),
    createdAt: time,
    updatedAt: time,
    resolvedAt: time.nullable(),
    /** What the host page said the conversation is about, when it started in the embedded chat. */
    context: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
  })
  .meta({ id: "WebhookConversation" });

export const ZWebhookMessage = z
  .object({
    id: uuid,
    conversationId: uuid,
    senderUserId: uuid,
    // Never "note": internal notes produce no event.
    type: z.enum(MESSAGE_TYPES.filter((type) => type !== "note") as ["text", "attachment", "system", "auto_reply"]),
    content: z.string(),
    attachment: z
      .object({ url: z.string(), name: z.string().nullable(), mimeType: z.string().nullable(), sizeBytes: z.number().nullable() })
      .nullable(),
    createdAt: time,
    editedAt: time.nullable(),
  })
  .meta({ id: "WebhookMessage" });

/** A label as it was when it was put on or taken off (a later rename does not rewrite the event). */
export const ZWebhookLabel = z
  .object({ id: uuid, name: z.string(), color: z.enum(LABEL_COLORS) })
  .meta({ id: "WebhookLabel" });

const labelChange = {
  label: ZWebhookLabel,
  actorUserId: uuid.nullable().meta({ description: "Who put the label on or took it off" }),
};

const change = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value });

/** One schema per event, each the envelope `{ id, type, createdAt, data }`. */
const envelope = <E extends WebhookEvent, D extends z.ZodRawShape>(event: E, data: D, description: string) =>
  z
    .object({
      id: uuid.meta({ description: "The event's id: the same for every endpoint and every attempt" }),
      type: z.literal(event),
      createdAt: time,
      data: z.object({ conversation: ZWebhookConversation, ...data }),
    })
    .meta({ id: `Webhook_${event.replace(".", "_")}`, description });

export const webhookPayloadSchemas = {
  "conversation.created": envelope("conversation.created", {}, "A conversation was opened."),
  "conversation.updated": envelope(
    "conversation.updated",
    {
      changes: z.object({
        status: change(z.enum(CONVERSATION_STATUSES)).optional(),
        priority: change(z.enum(PRIORITIES)).optional(),
        assignedSupportUserId: change(uuid.nullable()).optional(),
      }),
    },
    "Its status, priority or assignee changed; `changes` says which, from what to what.",
  ),
  "conversation.rated": envelope(
    "conversation.rated",
    { rating: z.object({ score: z.number().int().min(1).max(5), comment: z.string().nullable() }) },
    "The candidate rated the help they got.",
  ),
  "message.created": envelope("message.created", { message: ZWebhookMessage }, "A message was sent (internal notes never are)."),
  "message.updated": envelope("message.updated", { message: ZWebhookMessage }, "A message was edited (internal notes never are)."),
  "conversation.labeled": envelope("conversation.labeled", labelChange, "A member of staff put a label on the conversation."),
  "conversation.unlabeled": envelope("conversation.unlabeled", labelChange, "A member of staff took a label off the conversation."),
} satisfies Record<WebhookEvent, z.ZodType>;
