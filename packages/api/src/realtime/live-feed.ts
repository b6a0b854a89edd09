import type { TrackedEnvelope } from "@trpc/server";
import { TRPCError, tracked } from "@trpc/server";

import { texts } from "../domain/errors";
import { OUTAGE_RETRY_MS, isDatabaseUnavailable } from "../domain/outage";
import type { BusMessage, EventBus } from "./bus";
import { createWakeUp } from "./wake";

/** Events heard on the bus and kept until the feed reaches them; past this the database is read. */
const MAX_HANDED = 256;
/** Events a pulling consumer may leave unread before the feed stops handing it more. */
const MAX_QUEUED = 256;

/** What a message on the bus means to one feed. */
export type Heard<E> =
  /**
   * The stored event with this number, handed over so the feed need not read it; `echo`: the
   * subscriber's own connection made it and has it, so the feed only moves past its number.
   */
  | { seq: number; event: E; echo?: boolean }
  /** Something changed that the bus did not carry: read the database. */
  | "stale"
  /** An event that is not stored (typing, presence): delivered as heard, the latest per key. */
  | { key: string; transient: E };

/**
 * Where one stream's events come from. Stored events are numbered in the order they commit, so a
 * reader that has delivered number n has every number below it; the source says how to read them
 * and what the bus's messages mean.
 */
export interface FeedSource<E> {
  /** The bus channel that wakes the feed. */
  readonly channel: string;
  /**
   * Stored events after `after`, oldest first, at most one batch; an event the viewer may not see
   * comes back as null (its number is still passed). `reached` is the number the reader has then
   * read up to (at least the last event's), `more` that another batch waits.
   */
  read(after: number): Promise<{ events: { seq: number; event: E | null }[]; reached: number; more: boolean }>;
  hear(message: BusMessage): Heard<E> | undefined;
  /** Whether an event handed over by the bus may go to this viewer. */
  canSee(event: E): boolean;
}

/** Receives each event with its id (the event number, as a string). */
export type FeedSink<E> = (id: string, event: E) => void;
/** Told once when the feed ends by itself: with the error that ended it, or none. */
export type FeedEnd = (error?: TRPCError) => void;

export interface LiveFeedOptions<E> {
  source: FeedSource<E>;
  bus: EventBus;
  /** The last event the subscriber already has; the feed starts after it. */
  after: number;
  /** Transient events to deliver first (the agents online, for an inbox). */
  initial?: E[];
  /** Ends the feed: the client left. */
  signal?: AbortSignal;
  /** Checked before every event: a revoked viewer receives nothing more. */
  revoked: () => boolean;
}

/**
 * The one machine behind every live stream (`live.conversation`, `live.inbox`): one subscriber's
 * view of numbered events, gapless and in order. It delivers event n + 1 only after event n and
 * reads from the database whenever the bus leaves a gap (an event it did not carry, a change that
 * committed out of order, a subscriber that fell behind); a database outage keeps the stream open
 * and reads again shortly; the viewer's revocation is checked before every event. Transient events
 * (typing, presence) are not stored: delivered as heard, never replayed, with the last stored
 * event's id so a resume is unchanged.
 *
 * The feed pushes: the WebSocket server writes each event straight to the socket, with no generator
 * or queue per subscription (an idle subscription is this object and one bus listener). Everything
 * else (HTTP streams, callers in tests) iterates it, which puts a bounded queue in between.
 */
export class LiveFeed<E extends object> implements AsyncIterable<TrackedEnvelope<E>> {
  readonly #options: LiveFeedOptions<E>;
  #lastSeq: number;
  #sink: FeedSink<E> | undefined;
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
  /** Created on first use: most subscriptions never need them. Null: an echo, passed over. */
  #handed: Map<number, E | null> | undefined;
  #transient: Map<string, E> | undefined;

  constructor(options: LiveFeedOptions<E>) {
    this.#options = options;
    this.#lastSeq = options.after;
  }

  /**
   * Starts pushing to `sink`: first what is stored after `after`, then each event as it happens.
   * Listening starts before the first read, so nothing committed in between is missed.
   */
  start(sink: FeedSink<E>, end: FeedEnd = () => undefined): void {
    if (this.#sink) throw new Error("A live feed starts once");
    const { bus, source, signal, initial } = this.#options;
    this.#sink = sink;
    this.#end = end;
    if (signal?.aborted) return this.#finish();
    signal?.addEventListener("abort", this, { once: true });
    this.#unsubscribe = bus.subscribe(source.channel, this.#onMessage);
    for (const event of initial ?? []) this.#deliver(this.#lastSeq, event);
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

  async *[Symbol.asyncIterator](): AsyncGenerator<TrackedEnvelope<E>, void, undefined> {
    const queue: TrackedEnvelope<E>[] = [];
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
          yield queue.shift() as TrackedEnvelope<E>;
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
    const heard = this.#options.source.hear(message);
    if (heard === undefined) return;
    if (heard === "stale") {
      this.#stale = true;
    } else if ("transient" in heard) {
      (this.#transient ??= new Map()).set(heard.key, heard.transient);
    } else {
      const { seq, event, echo } = heard;
      if (seq <= this.#lastSeq) return;
      if (seq === this.#lastSeq + 1 && !this.#reading && !this.#stale && !this.#handed && this.#hasRoom()) {
        // The common case: the next event, straight from the bus to the subscriber.
        if (!echo && this.#options.source.canSee(event)) this.#deliver(seq, event);
        this.#lastSeq = seq;
        return;
      }
      if ((this.#handed ??= new Map()).size < MAX_HANDED) this.#handed.set(seq, echo ? null : event);
      else this.#stale = true;
    }
    void this.#pump();
  };

  /** Catches up: reads what the database has, delivers what the bus handed over, then transient events. */
  async #pump(): Promise<void> {
    if (this.#reading || this.#stopped || !this.#sink) return;
    this.#reading = true;
    try {
      while (!this.#stopped && this.#hasRoom()) {
        if (this.#stale) {
          this.#stale = false;
          const batch = await this.#options.source.read(this.#lastSeq).catch((error: unknown) => {
            if (!isDatabaseUnavailable(error)) throw error;
            return undefined;
          });
          if (this.#stopped) return;
          if (!batch) {
            // The database is out: the stream stays open and reads again shortly.
            this.#stale = true;
            this.#retry = setTimeout(() => void this.#pump(), OUTAGE_RETRY_MS);
            this.#retry.unref();
            return;
          }
          for (const { seq, event } of batch.events) {
            if (this.#stopped) return;
            if (event) this.#deliver(seq, event);
            this.#lastSeq = seq;
          }
          this.#lastSeq = Math.max(this.#lastSeq, batch.reached);
          if (batch.more) this.#stale = true;
          continue;
        }
        if (this.#handed) {
          while (this.#handed.has(this.#lastSeq + 1)) {
            const next = this.#handed.get(this.#lastSeq + 1);
            this.#handed.delete(this.#lastSeq + 1);
            if (next && this.#options.source.canSee(next)) this.#deliver(this.#lastSeq + 1, next);
            this.#lastSeq += 1;
          }
          for (const seq of this.#handed.keys()) {
            if (seq <= this.#lastSeq) this.#handed.delete(seq);
            else this.#stale = true; // a gap: what is missing is in the database
          }
          if (this.#handed.size === 0) this.#handed = undefined;
          if (this.#stale) continue;
        }
        if (this.#transient) {
          // Not stored: the id repeats the last stored event's, so a resume is unchanged.
          for (const event of this.#transient.values()) this.#deliver(this.#lastSeq, event);
          this.#transient = undefined;
        }
        return;
      }
    } catch (error) {
      this.#finish(error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error }));
    } finally {
      this.#reading = false;
    }
  }

  #deliver(seq: number, event: E): void {
    if (this.#stopped) return;
    if (this.#options.revoked()) return this.revoke();
    this.#sink?.(String(seq), event);
  }

  #finish(error?: TRPCError): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#retry);
    this.#unsubscribe?.();
    this.#options.signal?.removeEventListener("abort", this);
    this.#handed = undefined;
    this.#transient = undefined;
    const end = this.#end;
    const onFinish = this.#onFinish;
    this.#end = undefined;
    this.#onFinish = undefined;
    this.#sink = undefined;
    onFinish?.();
    end?.(error);
  }
}
