export { WS_PATH, type Identity } from "../transport/ws";
export { HTTP_PATH } from "../transport/http";
export { bearerIdentity, serveApi, stopOnSignals, type Identify } from "../transport/serve";
export { channels, createMemoryBus, createRedisBus, type BusMessage, type EventBus } from "./bus";
export type { ConversationEvent } from "./conversation-events";
export type { InboxEvent } from "./inbox-events";
