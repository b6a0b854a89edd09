import { performance } from "node:perf_hooks";

/**
 * Follows every message of one phase from its send to its arrival at the other side. Keyed by
 * clientMessageId, which the phase makes unique, so a second arrival is a duplicate.
 */
export class DeliveryTracker {
  private readonly sentAt = new Map<string, number>();
  private readonly arrivedAt = new Map<string, number>();
  readonly latencies: number[] = [];
  duplicates = 0;
  /** Arrivals of ids this phase never sent (a previous phase's stragglers, or worse). */
  strangers = 0;
  sendErrors = 0;
  firstError: string | undefined;
  /** Arrivals after the phase's grace period: already counted as lost, but not gone for good. */
  late = 0;
  private graceOver = false;

  private firstSentAt = Number.NaN;

  constructor(readonly prefix: string) {}

  sent(id: string) {
    const now = performance.now();
    if (this.sentAt.size === 0) this.firstSentAt = now;
    this.sentAt.set(id, now);
  }

  /** Arrivals (late ones too) per second, from the first send to the last arrival, over at least `minSeconds`. */
  deliveryRate(minSeconds: number) {
    const span = Math.max(minSeconds, (this.lastArrival() - this.firstSentAt) / 1000);
    return this.arrivedAt.size / span;
  }

  failed(id: string, error: unknown) {
    this.sendErrors += 1;
    this.firstError ??= `${id}: ${error instanceof Error ? error.message : String(error)}`;
  }

  /** Called by a client when the other side's message reaches it. */
  arrived(id: string) {
    const now = performance.now();
    const sentAt = this.sentAt.get(id);
    if (sentAt === undefined) {
      this.strangers += 1;
      return;
    }
    if (this.arrivedAt.has(id)) {
      this.duplicates += 1;
      return;
    }
    this.arrivedAt.set(id, now);
    // Late arrivals keep their latency: leaving them out would report only the lucky messages.
    this.latencies.push(now - sentAt);
    if (this.graceOver) this.late += 1;
  }

  /** Waits until everything sent has arrived, or `timeoutMs` passed. */
  async drain(timeoutMs: number) {
    const deadline = performance.now() + timeoutMs;
    while (this.missing() > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** From now on an arrival is late: it was already counted as lost. */
  endGrace() {
    this.graceOver = true;
  }

  /**
   * Waits for a backlog to clear: everything arrived, or no send still unanswered (`inFlight`) and
   * nothing arriving for `quietMs`. Bounded by `timeoutMs`.
   */
  async settle(inFlight: () => number, quietMs: number, timeoutMs: number) {
    const deadline = performance.now() + timeoutMs;
    let seen = this.arrivedAt.size;
    let quietSince = performance.now();
    while (this.missing() > 0 && performance.now() < deadline) {
      if (inFlight() === 0 && performance.now() - quietSince >= quietMs) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (this.arrivedAt.size !== seen) {
        seen = this.arrivedAt.size;
        quietSince = performance.now();
      }
    }
  }

  get sentCount() {
    return this.sentAt.size;
  }

  get arrivedCount() {
    return this.arrivedAt.size;
  }

  missing() {
    return this.sentAt.size - this.arrivedAt.size;
  }

  lastArrival() {
    let last = Number.NEGATIVE_INFINITY;
    for (const at of this.arrivedAt.values()) last = Math.max(last, at);
    return last;
  }
}

/** Where clients report what happened to a message: to whichever phase is running. */
export interface ArrivalSink {
  arrived: (clientMessageId: string) => void;
  failed: (clientMessageId: string, error: unknown) => void;
}

export function createSink(): ArrivalSink & { current: DeliveryTracker | undefined } {
  const sink = {
    current: undefined as DeliveryTracker | undefined,
    arrived: (id: string) => sink.current?.arrived(id),
    failed: (id: string, error: unknown) => sink.current?.failed(id, error),
  };
  return sink;
}
