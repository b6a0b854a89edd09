export { attachRealtime, CLOSE_CODES, WS_PATH, type Identity, type RealtimeOptions } from "../transport/ws";
export { createTrpcHttpHandler, HTTP_PATH, isTrpcHttpPath, type HttpOptions } from "../transport/http";
export { bearerIdentity, serveApi, type Identify } from "../transport/serve";
export { channels, createMemoryBus, createRedisBus, type BusMessage, type EventBus } from "./bus";
export type { ConversationEvent } from "./conversation-events";
export type { InboxEvent } from "./inbox-events";
