import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";

import { createOpenApiDocument } from "./openapi";

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document that lists every REST endpoint", async () => {
    const document = createOpenApiDocument();
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths ?? {}).sort()).toEqual([
      "/api/auth/token",
      "/api/chat/message",
      "/api/chat/session",
      "/api/chat/session/active",
      "/api/chat/session/{id}/close",
      "/api/chat/session/{id}/mark-read",
      "/api/chat/session/{id}/messages",
      "/api/support/chat/conversations",
      "/api/support/chat/conversations/{id}/messages",
      "/api/support/chat/conversations/{id}/read",
      "/api/support/chat/conversations/{id}/status",
    ]);
    expect(document.components?.schemas).toHaveProperty("ChatSession");
  });

  it("describes every webhook event's payload, with the shared parts as components", () => {
    const document = createOpenApiDocument();
    expect(Object.keys(document.webhooks ?? {}).sort()).toEqual([
      "conversation.created",
      "conversation.labeled",
      "conversation.rated",
      "conversation.unlabeled",
      "conversation.updated",
      "message.created",
      "message.updated",
    ]);
    expect(document.components?.schemas).toHaveProperty("WebhookConversation");
    expect(document.components?.schemas).toHaveProperty("WebhookMessage");
    expect(document.components?.schemas).toHaveProperty("WebhookLabel");
    expect(document.components?.schemas).toHaveProperty("Webhook_message_created");
  });
});
