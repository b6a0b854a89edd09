import type { Executor, SQL } from "@atiende/db";
import { rateLimits, sql } from "@atiende/db";
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
    throw new RateLimitedError(wholeSecondsOf(rejection.msBeforeNext), options.text);
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
    duration: QUOTA_WINDOW_MS / 1000,
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
    throw new RateLimitedError(wholeSecondsOf(state.msBeforeNext), options.text);
  }
}

/** A counter's window: rate-limiter-flexible's `duration`, as `consumeQuota` sets it. */
export const QUOTA_WINDOW_MS = 60_000;

/**
 * The sender's message counter, in the table, key format and window rate-limiter-flexible's Drizzle
 * store uses (`keyPrefix:key`), spent by the send's statement (see spendQuotaSql).
 */
export function messageQuota(config: ApiConfig, viewer: Viewer): { key: string; perMinute: number } {
  const staff = isStaff(viewer);
  return {
    key: `${staff ? "msg:staff" : "msg:candidate"}:${viewer.id}`,
    perMinute: staff ? config.limits.staffMessagesPerMinute : config.limits.candidateMessagesPerMinute,
  };
}

interface QuotaSlots {
  key: SQL;
  perMinute: SQL;
  /** Now, and now plus the window (the expiry of a counter started now), as timestamptz. */
  now: SQL;
  windowEnd: SQL;
}

/**
 * Spends one point of `quota` per row `from` gives (one, or none when the spend is not wanted),
 * and only while the counter is under its limit: an upsert on the counter's newest version, so
 * concurrent spenders count too. Returns the counter's points; no row means nothing was spent.
 * Inside a statement that fails, nothing is spent.
 */
export const spendQuotaSql = (quota: QuotaSlots, from: string) => sql`
  insert into rate_limits as r (key, points, expire)
  select ${quota.key}, 1, ${quota.windowEnd} from ${sql.raw(from)}
  on conflict (key) do update
    set points = case when r.expire <= ${quota.now} then 1 else r.points + 1 end,
        expire = case when r.expire <= ${quota.now} then ${quota.windowEnd} else r.expire end
    where r.expire <= ${quota.now} or r.points < ${quota.perMinute}
  returning r.points`;

/** When the counter `key` starts over, for the Retry-After of a refusal. */
export const quotaExpirySql = (key: SQL) => sql`(select expire from rate_limits where key = ${key})`;

/** Seconds until a counter that expires at `expire` (null: one not started) lets a spend through. */
export function retryAfterSeconds(expire: Date | string | null, now: number): number {
  const at = expire === null ? now + QUOTA_WINDOW_MS : new Date(expire).getTime();
  return wholeSecondsOf(at - now);
}

/** A wait as a Retry-After: whole seconds, rounded up, at least one. */
function wholeSecondsOf(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** TOO_MANY_REQUESTS for a sender over their message quota. */
export function rateLimited(retryAfterSeconds: number): TRPCError {
  const cause = new RateLimitedError(retryAfterSeconds);
  return new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
}
