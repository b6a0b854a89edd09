export { createDeliveryQueue, startWebhooks, type WebhookRuntime } from "./service";
export { installQueueSchema, type DeliveryJob, type DeliveryQueue, type OutboxSink } from "./queue";
export { retryDelayMs } from "./deliver";
export { postBounded } from "./send";
export { verifySignature } from "./signature";
