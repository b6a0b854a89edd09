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
  | {
      kind: "changed";
      conversationId: string;
      seq?: number;
      event?: ConversationEvent;
      /** The connection whose own call made the event, which has it already (trpc.ts's `connectionId`). */
      origin?: EventOrigin;
    }
  | { kind: "typing"; conversationId: string; userId: string; name: string; isTyping: boolean }
  | { kind: "presence"; userId: string; name: string; status: "online" | "away" | "offline" }
  /** The sequencer numbered more audit rows (see sequencer.ts): inbox feeds and the relay read on. */
  | { kind: "sequenced" }
  /** A user's credentials from before `at` (ms) are dead: their password changed or they were disabled. */
  | { kind: "revoked"; userId: string; at: number };

/** A user's named connection (a browser tab): see InnerContext's `connectionId`. */
export interface EventOrigin {
  userId: string;
  connectionId: string;
}

export const channels = {
  conversation: (id: string) => `conversation:${id}`,
  /** Every conversation's changes: staff inbox feeds, the sequencer, the relay; and presence. */
  inbox: "inbox",
  /** One candidate's own conversations' numbered changes. */
  inboxOf: (userId: string) => `inbox:${userId}`,
  auth: "auth",
} as const;

/**
 * Publish/subscribe between the parts of the app, and between app instances when it is Redis.
 * `publish` never waits for subscribers: a slow reader cannot hold up a sender.
 */
export interface EventBus {
  readonly kind: "memory" | "redis";
  publish(channel: string, message: BusMessage): void;
  subscribe(channel: string, listener: (message: BusMessage) => void): () => void;
  /** Whether other instances hear us right now (always, in memory); for the readiness probe. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

export function createMemoryBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    kind: "memory",
    publish: (channel, message) => {
      // Deliver after the current call returns, as a network bus would.
      queueMicrotask(() => emitter.emit(channel, message));
    },
    subscribe: (channel, listener) => {
      emitter.on(channel, listener);
      return () => emitter.off(channel, listener);
    },
    isReady: () => Promise.resolve(true),
    close: () => Promise.resolve(),
  };
}

/**
 * Redis pub/sub, so that every instance hears every other one. Local listeners hear local publishes
 * directly, so delivery on one instance goes on while Redis is down. Wake-ups other instances
 * published meanwhile are lost, so when the subscriber connection is back every local listener is
 * woken with a `changed` that carries no event: each subscription then re-reads from the database,
 * which has the whole story.
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

  // Subscribers on this instance missed whatever was published while the connection was down.
  let lostConnection = false;
  subscriber.on("close", () => (lostConnection = true));
  subscriber.on("ready", () => {
    if (!lostConnection) return;
    lostConnection = false;
    const subscribed = [...counts.keys()];
    if (subscribed.length === 0) return;
    // Wait until Redis confirms the subscriptions (ioredis resubscribes by itself, but without a
    // reply to wait for): a wake-up published after this point reaches us, one published before it
    // committed before the database read the wake-up below starts.
    subscriber
      .subscribe(...subscribed)
      .then(() => {
        for (const channel of subscribed) local.emit(channel, catchUp(channel));
      })
      .catch((error: Error) => onError(error));
  });

  subscriber.on("message", (channel: string, raw: string) => {
    try {
      const envelope = superjson.parse<{ from: string; message: BusMessage }>(raw);
      if (envelope.from !== instance) local.emit(channel, envelope.message);
    } catch (error) {
      onError(error as Error);
    }
  });

  return {
    kind: "redis",
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
    isReady: async () => {
      if (publisher.status !== "ready" || subscriber.status !== "ready") return false;
      const pong = publisher.ping().catch(() => null);
      const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000).unref());
      return (await Promise.race([pong, timeout])) === "PONG";
    },
    close: async () => {
      subscriber.disconnect();
      publisher.disconnect();
      return Promise.resolve();
    },
  };
}

/** A wake-up without an event, which makes a subscriber read what it missed from the database. */
function catchUp(channel: string): BusMessage {
  const prefix = channels.conversation("");
  return channel.startsWith(prefix) ? { kind: "changed", conversationId: channel.slice(prefix.length) } : { kind: "sequenced" };
}
