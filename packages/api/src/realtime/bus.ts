import { EventEmitter } from "node:events";

import { Redis } from "ioredis";
import superjson from "superjson";

import type { ConversationEvent } from "./conversation-events";

/**
 * What travels on the bus: a wake-up call. It may carry the numbered event itself, which a
 * subscriber that has seen every earlier number can deliver without asking the database; anyone
 * else reads from the database, which always has the whole story.
 */
export type BusMessage =
  | { kind: "changed"; conversationId: string; seq?: number; event?: ConversationEvent }
  | { kind: "typing"; conversationId: string; userId: string; name: string; isTyping: boolean }
  | { kind: "presence"; userId: string; name: string; status: "online" | "away" | "offline" }
  /** A user's credentials from before `at` (ms) are dead: their password changed or they were disabled. */
  | { kind: "revoked"; userId: string; at: number };

export const channels = {
  conversation: (id: string) => `conversation:${id}`,
  inbox: "inbox",
  auth: "auth",
} as const;

/**
 * Publish/subscribe between the parts of the app, and between app instances when it is Redis.
 * `publish` never waits for subscribers: a slow reader cannot hold up a sender.
 */
export interface EventBus {
  publish(channel: string, message: BusMessage): void;
  subscribe(channel: string, listener: (message: BusMessage) => void): () => void;
  close(): Promise<void>;
}

export function createMemoryBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (channel, message) => {
      // Deliver after the current call returns, as a network bus would.
      queueMicrotask(() => emitter.emit(channel, message));
    },
    subscribe: (channel, listener) => {
      emitter.on(channel, listener);
      return () => emitter.off(channel, listener);
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Redis pub/sub, so that every instance hears every other one. Local listeners also hear local
 * publishes through Redis; while Redis is down, local listeners are still told directly and
 * subscribers on other instances catch up from the database when it returns.
 */
export function createRedisBus(url: string, onError: (error: Error) => void = () => {}): EventBus {
  const publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  const subscriber = new Redis(url, { lazyConnect: false });
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const counts = new Map<string, number>();
  publisher.on("error", onError);
  subscriber.on("error", onError);
  const instance = Math.random().toString(36).slice(2);

  subscriber.on("message", (channel: string, raw: string) => {
    try {
      const envelope = superjson.parse<{ from: string; message: BusMessage }>(raw);
      if (envelope.from !== instance) local.emit(channel, envelope.message);
    } catch (error) {
      onError(error as Error);
    }
  });

  return {
    publish: (channel, message) => {
      queueMicrotask(() => local.emit(channel, message));
      publisher
        .publish(channel, superjson.stringify({ from: instance, message }))
        .catch((error: Error) => onError(error));
    },
    subscribe: (channel, listener) => {
      local.on(channel, listener);
      const count = (counts.get(channel) ?? 0) + 1;
      counts.set(channel, count);
      if (count === 1) subscriber.subscribe(channel).catch((error: Error) => onError(error));
      return () => {
        local.off(channel, listener);
        const left = (counts.get(channel) ?? 1) - 1;
        if (left > 0) {
          counts.set(channel, left);
        } else {
          counts.delete(channel);
          subscriber.unsubscribe(channel).catch((error: Error) => onError(error));
        }
      };
    },
    close: async () => {
      subscriber.disconnect();
      publisher.disconnect();
      return Promise.resolve();
    },
  };
}
