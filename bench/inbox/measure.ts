import { performance } from "node:perf_hooks";

import type { LatencySummary } from "../live/stats";
import { summarize } from "../live/stats";
import type { BenchCase } from "./cases";

const MIN_SAMPLES = 30;
const MIN_WARM_UP = 5;

export interface CaseResult {
  name: string;
  targetP99: number;
  rows: number;
  ours: LatencySummary;
  raw: LatencySummary;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/**
 * Checks that the twins list the same ids, warms both up (prepared statements, JIT, caches), then
 * times them one call at a time, alternating which goes first so neither always gets the warmer
 * cache or the quieter moment.
 */
export async function measureCase(
  bench: BenchCase,
  plan: { iterations: number; warmUp: number; budgetMs: number },
): Promise<CaseResult> {
  const { iterations, warmUp, budgetMs } = plan;
  const [ours, raw] = [await bench.ours(), await bench.raw()];
  if (ours.join() !== raw.join()) {
    throw new Error(
      `${bench.name}: the raw twin lists other rows (${raw.length} vs ${ours.length}); fix raw.ts`,
    );
  }
  const warmDeadline = performance.now() + budgetMs / 4;
  for (let i = 0; i < warmUp && (i < MIN_WARM_UP || performance.now() < warmDeadline); i += 1) {
    await bench.ours();
    await bench.raw();
  }
  const oursMs: number[] = [];
  const rawMs: number[] = [];
  // A slow query stops at the time budget, after at least MIN_SAMPLES pairs, instead of running for hours.
  const deadline = performance.now() + budgetMs;
  for (let i = 0; i < iterations && (i < MIN_SAMPLES || performance.now() < deadline); i += 1) {
    if (i % 2 === 0) {
      oursMs.push(await timed(bench.ours));
      rawMs.push(await timed(bench.raw));
    } else {
      rawMs.push(await timed(bench.raw));
      oursMs.push(await timed(bench.ours));
    }
  }
  return {
    name: bench.name,
    targetP99: bench.targetP99,
    rows: ours.length,
    ours: summarize(oursMs),
    raw: summarize(rawMs),
  };
}
