export { channels, createMemoryBus, createRedisBus, type BusMessage, type EventBus } from "./bus";
export type { ConversationEvent } from "./conversation-events";
export type { InboxEvent } from "./inbox-events";
export { sequencePass } from "./sequencer";
