import type { Database, User } from "@atiende/db";

import type { ApiConfig } from "../config";
import { RateLimitedError, texts } from "../domain/errors";
import { checkQuota, consumeQuota } from "../domain/rate-limit";
import { authenticateWithPassword } from "./identity";

export interface SignInAttempt {
  email: string;
  /** The caller's address as the server saw it (see clientIp); null if unknown. */
  ip: string | null;
}

const accountKey = (email: string) => email.trim().toLowerCase();

const quotas = (config: ApiConfig, attempt: SignInAttempt) => ({
  ip: {
    keyPrefix: "signin:ip",
    perMinute: config.auth.signInPerIpPerMinute,
    key: attempt.ip ?? "unknown",
    text: texts.signInRateLimited,
  },
  account: {
    keyPrefix: "signin:account",
    perMinute: config.auth.signInFailuresPerAccountPerMinute,
    key: accountKey(attempt.email),
    text: texts.signInRateLimited,
  },
});

/**
 * Lets a sign-in attempt through the brute-force limits, or throws RateLimitedError: every attempt
 * spends one of the IP's; an account is refused once its failures for the minute are spent (so a
 * guesser locks the account for the minute, not its owner's other sessions).
 */
export async function admitSignIn(db: Database, config: ApiConfig, attempt: SignInAttempt): Promise<void> {
  const quota = quotas(config, attempt);
  await consumeQuota(db, quota.ip);
  await checkQuota(db, quota.account);
}

/** Counts a failed attempt against the account. */
export async function recordFailedSignIn(db: Database, config: ApiConfig, attempt: SignInAttempt) {
  try {
    await consumeQuota(db, quotas(config, attempt).account);
  } catch (error) {
    // Already at the limit: the next attempt is refused by admitSignIn.
    if (!(error instanceof RateLimitedError)) throw error;
  }
}

/** A rate-limited password sign-in: the user, null for wrong credentials, or RateLimitedError. */
export async function signInWithPassword(
  db: Database,
  config: ApiConfig,
  attempt: SignInAttempt & { password: string },
): Promise<User | null> {
  await admitSignIn(db, config, attempt);
  const user = await authenticateWithPassword(db, attempt.email, attempt.password);
  if (!user) await recordFailedSignIn(db, config, attempt);
  return user;
}
