import type { Database } from "@atiende/db";
import type { TrackedEnvelope } from "@trpc/server";
import { TRPCError, tracked } from "@trpc/server";

import { texts } from "../domain/errors";
import { OUTAGE_RETRY_MS, isDatabaseUnavailable } from "../domain/outage";
import type { Viewer } from "../domain/roles";
import type { BusMessage, EventBus } from "./bus";
import { channels } from "./bus";
import type { ConversationEvent } from "./conversation-events";
import { READ_BATCH, canSeeEvent, readConversationEvents } from "./conversation-events";
import { createWakeUp } from "./wake";

/** Events heard on the bus and kept until the feed reaches them; past this the database is read. */
const MAX_HANDED = 256;
/** Events a pulling consumer may leave unread before the feed stops handing it more. */
const MAX_QUEUED = 256;

type TypingMessage = Extract<BusMessage, { kind: "typing" }>;

/** Receives each event with its id (the event number, as a string). */
export type FeedSink = (id: string, event: ConversationEvent) => void;
/** Told once when the feed ends by itself: with the error that ended it, or none. */
export type FeedEnd = (error?: TRPCError) => void;

export interface ConversationFeedOptions {
  db: Database;
  bus: EventBus;
  viewer: Viewer;
  conversationId: string;
  /** The last event the subscriber already has; the feed starts after it. */
  afterSeq: number;
  /** Ends the feed: the client left. */
  signal?: AbortSignal;
  /** Checked before every event: a revoked viewer receives nothing more. */
  revoked: () => boolean;
}

/**
 * One subscriber's view of one conversation's events, gapless and in order: stored events are
 * numbered, so a feed delivers event n + 1 only after event n, and reads from the database whenever
 * the bus leaves a gap (an event it did not carry, a send that committed out of order, a subscriber
 * that fell behind). Typing is not stored: delivered as heard, never replayed.
 *
 * The feed pushes: the WebSocket server writes each event straight to the socket, with no generator
 * or queue per subscription (an idle subscription is this object and one bus listener). Everything
 * else (HTTP streams, callers in tests) iterates it, which puts a bounded queue in between.
 */
export class ConversationFeed implements AsyncIterable<TrackedEnvelope<ConversationEvent>> {
  readonly #options: ConversationFeedOptions;
  #lastSeq: number;
  #sink: FeedSink | undefined;
  #end: FeedEnd | undefined;
  /** Whether the pusher may go on: false while a pulling consumer has a full queue. */
  #hasRoom: () => boolean = () => true;
  #unsubscribe: (() => void) | undefined;
  #reading = false;
  /** The database holds events the feed has not delivered and the bus did not hand over. */
  #stale = true;
  #stopped = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #onFinish: (() => void) | undefined;
  /** Created on first use: most subscriptions never need them. */
  #handed: Map<number, ConversationEvent> | undefined;
  #typing: Map<string, TypingMessage> | undefined;

  constructor(options: ConversationFeedOptions) {
    this.#options = options;
    this.#lastSeq = options.afterSeq;
  }

  /**
   * Starts pushing to `sink`: first what is stored after `afterSeq`, then each event as it happens.
   * Listening starts before the first read, so nothing committed in between is missed.
   */
  start(sink: FeedSink, end: FeedEnd = () => undefined): void {
    if (this.#sink) throw new Error("A conversation feed starts once");
    const { bus, conversationId, signal } = this.#options;
    this.#sink = sink;
    this.#end = end;
    if (signal?.aborted) return this.#finish();
    signal?.addEventListener("abort", this, { once: true });
    this.#unsubscribe = bus.subscribe(channels.conversation(conversationId), this.#onMessage);
    void this.#pump();
  }

  /** Runs `callback` when the feed ends, however it ends (at once if it has ended). */
  onFinish(callback: () => void): void {
    if (this.#stopped) return callback();
    const previous = this.#onFinish;
    this.#onFinish = previous ? () => (previous(), callback()) : callback;
  }

  /** Ends the feed with UNAUTHORIZED: the viewer's credentials were revoked. */
  revoke(): void {
    this.#finish(new TRPCError({ code: "UNAUTHORIZED", message: texts.revoked }));
  }

  /** Stops without telling `end`: the subscriber asked for it, or is gone. */
  stop(): void {
    this.#end = undefined;
    this.#finish();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<TrackedEnvelope<ConversationEvent>, void, undefined> {
    const queue: TrackedEnvelope<ConversationEvent>[] = [];
    const wake = createWakeUp(undefined);
    let ended: { error?: TRPCError } | undefined;
    this.#hasRoom = () => queue.length < MAX_QUEUED;
    this.start(
      (id, event) => {
        queue.push(tracked(id, event));
        wake.notify();
      },
      (error) => {
        ended = { error };
        wake.notify();
      },
    );
    try {
      for (;;) {
        while (queue.length > 0) {
          yield queue.shift() as TrackedEnvelope<ConversationEvent>;
          // The consumer took one: what waited for room can go on.
          if (queue.length === 0) void this.#pump();
        }
        if (ended) {
          if (ended.error) throw ended.error;
          return;
        }
        await wake.wait();
      }
    } finally {
      this.stop();
    }
  }

  /** The client left (`signal` aborted); an object listener, so an idle feed holds no extra closure. */
  handleEvent(): void {
    this.#finish();
  }

  readonly #onMessage = (message: BusMessage) => {
    if (this.#stopped) return;
    if (message.kind === "typing") {
      if (message.userId === this.#options.viewer.id) return;
      (this.#typing ??= new Map()).set(message.userId, message);
    } else if (message.kind === "changed") {
      const { seq, event } = message;
      if (seq === undefined || !event) {
        this.#stale = true;
      } else if (seq <= this.#lastSeq) {
        return;
      } else if (seq === this.#lastSeq + 1 && !this.#reading && !this.#stale && !this.#handed && this.#hasRoom()) {
        // The common case: the next event, straight from the bus to the subscriber.
        this.#deliver(seq, event);
        this.#lastSeq = seq;
        return;
      } else if ((this.#handed ??= new Map()).size < MAX_HANDED) {
        this.#handed.set(seq, event);
      } else {
        this.#stale = true;
      }
    } else {
      return;
    }
    void this.#pump();
  };

  /** Catches up: reads what the database has, delivers what the bus handed over, then typing. */
  async #pump(): Promise<void> {
    if (this.#reading || this.#stopped || !this.#sink) return;
    this.#reading = true;
    try {
      while (!this.#stopped && this.#hasRoom()) {
        if (this.#stale) {
          this.#stale = false;
          const { db, viewer, conversationId } = this.#options;
          const batch = await readConversationEvents(db, viewer, conversationId, this.#lastSeq).catch(
            (error: unknown) => {
              if (!isDatabaseUnavailable(error)) throw error;
              return undefined;
            },
          );
          if (this.#stopped) return;
          if (!batch) {
            // The database is out: the stream stays open and reads again shortly.
            this.#stale = true;
            this.#retry = setTimeout(() => void this.#pump(), OUTAGE_RETRY_MS);
            this.#retry.unref();
            return;
          }
          for (const { seq, event } of batch) {
            if (this.#stopped) return;
            if (event) this.#deliver(seq, event);
            this.#lastSeq = seq;
          }
          if (batch.length === READ_BATCH) this.#stale = true;
          continue;
        }
        if (this.#handed) {
          for (let next = this.#handed.get(this.#lastSeq + 1); next; next = this.#handed.get(this.#lastSeq + 1)) {
            this.#handed.delete(this.#lastSeq + 1);
            this.#deliver(this.#lastSeq + 1, next);
            this.#lastSeq += 1;
          }
          for (const seq of this.#handed.keys()) {
            if (seq <= this.#lastSeq) this.#handed.delete(seq);
            else this.#stale = true; // a gap: what is missing is in the database
          }
          if (this.#handed.size === 0) this.#handed = undefined;
          if (this.#stale) continue;
        }
        if (this.#typing) {
          for (const { userId, name, isTyping } of this.#typing.values()) {
            // Typing is not stored: its id repeats the last stored event's, so a resume is unchanged.
            this.#deliver(this.#lastSeq, { type: "typing", userId, name, isTyping });
          }
          this.#typing = undefined;
        }
        return;
      }
    } catch (error) {
      this.#finish(error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error }));
    } finally {
      this.#reading = false;
    }
  }

  #deliver(seq: number, event: ConversationEvent): void {
    if (this.#stopped) return;
    if (this.#options.revoked()) return this.revoke();
    if (canSeeEvent(this.#options.viewer, event)) this.#sink?.(String(seq), event);
  }

  #finish(error?: TRPCError): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#retry);
    this.#unsubscribe?.();
    this.#options.signal?.removeEventListener("abort", this);
    this.#handed = undefined;
    this.#typing = undefined;
    const end = this.#end;
    const onFinish = this.#onFinish;
    this.#end = undefined;
    this.#onFinish = undefined;
    this.#sink = undefined;
    onFinish?.();
    end?.(error);
  }
}
