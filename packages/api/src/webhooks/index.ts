export { createDeliveryQueue, startWebhooks, type WebhookRuntime } from "./service";
export type { DeliveryQueue } from "./queue";
export { verifySignature } from "./signature";
