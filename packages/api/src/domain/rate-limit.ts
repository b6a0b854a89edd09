import type { Executor } from "@atiende/db";
import { rateLimits } from "@atiende/db";
import { TRPCError } from "@trpc/server";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";

import type { ApiConfig } from "../config";
import { RateLimitedError } from "./errors";
import type { Viewer } from "./roles";
import { isStaff } from "./roles";

/**
 * Spends one of the sender's messages for this minute, or throws TOO_MANY_REQUESTS. The counters
 * live in the database, shared by every app instance; given the send's transaction, the spend is
 * undone if the send is (a duplicate, a failure), so only stored messages count.
 */
export async function consumeMessageQuota(
  db: Executor,
  config: ApiConfig,
  viewer: Viewer,
): Promise<void> {
  const staff = isStaff(viewer);
  const limiter = new RateLimiterDrizzle({
    storeClient: db,
    schema: rateLimits,
    keyPrefix: staff ? "msg:staff" : "msg:candidate",
    points: staff ? config.limits.staffMessagesPerMinute : config.limits.candidateMessagesPerMinute,
    duration: 60,
    // Expired counters are overwritten by the next spend; no timer per call.
    clearExpiredByTimeout: false,
  });
  try {
    await limiter.consume(viewer.id);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const cause = new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
  }
}
