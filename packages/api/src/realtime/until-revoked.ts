import { TRPCError } from "@trpc/server";

import { texts } from "../domain/errors";

/**
 * Passes a subscription's events through while `revoked()` is false; checked before every event
 * (a map lookup), and once more when the source ends, so a stream stopped by a revocation ends
 * with UNAUTHORIZED rather than as a normal completion. `release` runs however it ends.
 */
export async function* untilRevoked<T>(
  source: AsyncIterable<T>,
  revoked: () => boolean,
  release: () => void,
): AsyncGenerator<T, void, undefined> {
  try {
    for await (const value of source) {
      if (revoked()) break;
      yield value;
    }
    if (revoked()) throw new TRPCError({ code: "UNAUTHORIZED", message: texts.revoked });
  } finally {
    release();
  }
}
