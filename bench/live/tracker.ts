import { performance } from "node:perf_hooks";

/**
 * Follows every message of one phase from its send to its arrival at the other side. Keyed by
 * clientMessageId, which the phase makes unique, so a second arrival is a duplicate.
 */
export class DeliveryTracker {
  private readonly sentAt = new Map<string, number>();
  private readonly arrivedAt = new Map<string, number>();
  private readonly waiters = new Map<string, () => void>();
  readonly latencies: number[] = [];
  duplicates = 0;
  /** Arrivals of ids this phase never sent (a previous phase's stragglers, or worse). */
  strangers = 0;
  sendErrors = 0;
  firstError: string | undefined;

  constructor(readonly prefix: string) {}

  sent(id: string) {
    this.sentAt.set(id, performance.now());
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
    this.latencies.push(now - sentAt);
    const waiter = this.waiters.get(id);
    this.waiters.delete(id);
    waiter?.();
  }

  /** Resolves true on arrival, false after `timeoutMs`. */
  waitFor(id: string, timeoutMs: number): Promise<boolean> {
    if (this.arrivedAt.has(id)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        resolve(false);
      }, timeoutMs);
      this.waiters.set(id, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Waits until everything sent has arrived, or `timeoutMs` passed. */
  async drain(timeoutMs: number) {
    const deadline = performance.now() + timeoutMs;
    while (this.missing() > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
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

  /** Arrivals between two moments (performance.now()). */
  arrivalsBetween(from: number, to: number) {
    let count = 0;
    for (const at of this.arrivedAt.values()) if (at >= from && at <= to) count += 1;
    return count;
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
