export { createDeliveryQueue, startWebhooks, type WebhookRuntime } from "./service";
export { installQueueSchema, type DeliveryQueue } from "./queue";
export { verifySignature } from "./signature";
