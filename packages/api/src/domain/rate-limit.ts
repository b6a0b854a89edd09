import type { Database } from "@atiende/db";
import { rateLimits } from "@atiende/db";
import { TRPCError } from "@trpc/server";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";

import type { ApiConfig } from "../config";
import { RateLimitedError } from "./errors";
import type { Viewer } from "./roles";
import { isStaff } from "./roles";

export interface RateLimiters {
  candidateMessages: RateLimiterDrizzle;
  staffMessages: RateLimiterDrizzle;
}

/** Counters live in the database, so every app instance enforces the same budget. */
export function createRateLimiters(db: Database, config: ApiConfig): RateLimiters {
  const perMinute = (keyPrefix: string, points: number) =>
    new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix, points, duration: 60 });
  return {
    candidateMessages: perMinute("msg:candidate", config.limits.candidateMessagesPerMinute),
    staffMessages: perMinute("msg:staff", config.limits.staffMessagesPerMinute),
  };
}

export async function consumeMessageQuota(limiters: RateLimiters, viewer: Viewer): Promise<void> {
  const limiter = isStaff(viewer) ? limiters.staffMessages : limiters.candidateMessages;
  try {
    await limiter.consume(viewer.id);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const cause = new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
  }
}
