import type { Executor } from "@atiende/db";
import { rateLimits } from "@atiende/db";
import { TRPCError } from "@trpc/server";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";

import type { ApiConfig } from "../config";
import { RateLimitedError } from "./errors";
import type { Viewer } from "./roles";
import { isStaff } from "./roles";

/**
 * Spends one point of `key` under `keyPrefix` for this minute, or throws RateLimitedError. The
 * counters live in the database, shared by every app instance.
 */
export async function consumeQuota(db: Executor, options: QuotaOptions): Promise<void> {
  const limiter = limiterFor(db, options);
  try {
    await limiter.consume(options.key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), options.text);
  }
}

interface QuotaOptions {
  keyPrefix: string;
  perMinute: number;
  key: string;
  text?: (seconds: number) => string;
}

const limiterFor = (db: Executor, options: QuotaOptions) =>
  new RateLimiterDrizzle({
    storeClient: db,
    schema: rateLimits,
    keyPrefix: options.keyPrefix,
    points: options.perMinute,
    duration: 60,
    // Expired counters are overwritten by the next spend; no timer per call.
    clearExpiredByTimeout: false,
  });

/**
 * Throws RateLimitedError if `key` has spent its quota for this minute, without spending: for
 * limits that only count failures (checked first, spent when the attempt fails).
 */
export async function checkQuota(db: Executor, options: QuotaOptions): Promise<void> {
  const state = await limiterFor(db, options).get(options.key);
  if (state && state.consumedPoints >= options.perMinute) {
    throw new RateLimitedError(Math.max(1, Math.ceil(state.msBeforeNext / 1000)), options.text);
  }
}

/**
 * Spends one of the sender's messages for this minute, or throws TOO_MANY_REQUESTS. Given the
 * send's transaction, the spend is undone if the send is (a duplicate, a failure), so only stored
 * messages count.
 */
export async function consumeMessageQuota(
  db: Executor,
  config: ApiConfig,
  viewer: Viewer,
): Promise<void> {
  const staff = isStaff(viewer);
  try {
    await consumeQuota(db, {
      keyPrefix: staff ? "msg:staff" : "msg:candidate",
      perMinute: staff ? config.limits.staffMessagesPerMinute : config.limits.candidateMessagesPerMinute,
      key: viewer.id,
    });
  } catch (cause) {
    if (!(cause instanceof RateLimitedError)) throw cause;
    throw rateLimited(cause.retryAfterSeconds);
  }
}

/**
 * The sender's message counter as `consumeMessageQuota` keeps it (rate-limiter-flexible writes
 * `keyPrefix:key`), for the send statement that spends it in SQL.
 */
export function messageQuota(config: ApiConfig, viewer: Viewer): { key: string; perMinute: number } {
  const staff = isStaff(viewer);
  return {
    key: `${staff ? "msg:staff" : "msg:candidate"}:${viewer.id}`,
    perMinute: staff ? config.limits.staffMessagesPerMinute : config.limits.candidateMessagesPerMinute,
  };
}

/** TOO_MANY_REQUESTS for a sender over their message quota. */
export function rateLimited(retryAfterSeconds: number): TRPCError {
  const cause = new RateLimitedError(retryAfterSeconds);
  return new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
}
