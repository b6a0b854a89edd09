import type { EventBus, EventOrigin } from "./bus";
import { channels } from "./bus";
import type { ConversationEvent } from "./conversation-events";

/**
 * Tells live subscribers that a conversation changed, optionally handing them the one numbered
 * event the change made, and the connection it came from (which is not sent it). Call only after
 * the change has committed.
 */
export function publishChange(
  services: { bus: EventBus },
  conversationId: string,
  numbered?: { seq: number; event: ConversationEvent; origin?: EventOrigin },
) {
  services.bus.publish(channels.conversation(conversationId), { kind: "changed", conversationId, ...numbered });
  services.bus.publish(channels.inbox, { kind: "changed", conversationId });
}
