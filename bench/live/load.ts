import { performance } from "node:perf_hooks";

import type { Endpoint, PairEndpoints } from "./endpoints";
import type { LatencySummary } from "./stats";
import { summarize } from "./stats";
import type { DeliveryTracker } from "./tracker";

/** How long a message may take to arrive after its phase before it counts as lost. */
export const GRACE_MS = 5000;

export interface PhaseResult {
  latency: LatencySummary;
  /**
   * Arrivals at the other side per second, from the first send to the last arrival (for a fixed
   * rate, late arrivals too).
   */
  messagesPerSecond: number;
  sent: number;
  arrived: number;
  lost: number;
  duplicated: number;
  sendErrors: number;
  strangers: number;
  firstError: string | undefined;
  /** Of the lost, how many arrived after all (while the next phase waited for the backlog). */
  late: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The side that sends a pair's `turn`-th message. Odd pairs start with the agent, so that within any
 * stretch of time half the senders are candidates and half are agents.
 */
const sender = (pair: PairEndpoints, index: number, turn: number): Endpoint =>
  (index + turn) % 2 === 0 ? pair.candidate : pair.agent;

/**
 * `rate` messages per second in all, for `seconds`, round-robin over the pairs. Sends are scheduled
 * against the clock (not per timer tick), so timer jitter does not lower the rate.
 */
export async function fixedRatePhase(
  pairs: readonly PairEndpoints[],
  tracker: DeliveryTracker,
  rate: number,
  seconds: number,
): Promise<PhaseResult> {
  const total = Math.round(rate * seconds);
  const turns = pairs.map(() => 0);
  const start = performance.now();
  let issued = 0;
  while (issued < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    for (; issued < due; issued += 1) {
      const index = issued % pairs.length;
      const pair = pairs[index];
      const turn = turns[index] ?? 0;
      if (!pair) continue;
      turns[index] = turn + 1;
      const id = `${tracker.prefix}-${index}-${turn}`;
      tracker.sent(id);
      sender(pair, index, turn).send(id);
    }
    await sleep(1);
  }
  await tracker.drain(GRACE_MS);
  return result(tracker, tracker.deliveryRate(seconds));
}

function result(tracker: DeliveryTracker, messagesPerSecond: number): PhaseResult {
  tracker.endGrace();
  return {
    latency: summarize(tracker.latencies),
    messagesPerSecond,
    sent: tracker.sentCount,
    arrived: tracker.arrivedCount,
    lost: tracker.missing(),
    duplicated: tracker.duplicates,
    sendErrors: tracker.sendErrors,
    strangers: tracker.strangers,
    firstError: tracker.firstError,
    late: 0,
  };
}
