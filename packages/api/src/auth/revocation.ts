import type { User } from "@atiende/db";

import type { EventBus } from "../realtime/bus";
import { channels } from "../realtime/bus";

/**
 * Whether a credential (token, session) issued at `issuedAtMs` still speaks for `user`: not when
 * the account is disabled, nor when its credentials changed after it was issued. A credential with
 * no known issue time survives only an account that never changed its credentials.
 */
export function credentialIsCurrent(
  user: Pick<User, "disabledAt" | "credentialsChangedAt">,
  issuedAtMs: number | undefined,
): boolean {
  if (user.disabledAt) return false;
  if (!user.credentialsChangedAt) return true;
  return issuedAtMs !== undefined && issuedAtMs >= user.credentialsChangedAt.getTime();
}

/**
 * What this instance heard about revoked credentials, fed by the bus (so every instance hears every
 * revocation). Live connections check it per event, in memory; the database stays the authority
 * when a connection is opened.
 */
export interface RevocationRegistry {
  /** Publishes that the user's credentials from before `at` are dead, on every instance. */
  revoke(userId: string, at: number): void;
  /** Whether something authenticated at `since` for this user has been revoked since. */
  isRevoked(userId: string, since: number): boolean;
  /** Calls `listener` once when something authenticated at `since` is revoked; returns the unsubscribe. */
  onRevoked(userId: string, since: number, listener: () => void): () => void;
  close(): void;
}

// Tokens and sessions live for hours at most; older revocations cannot matter any more.
const KEEP_MS = 24 * 60 * 60 * 1000;

export function createRevocationRegistry(bus: EventBus): RevocationRegistry {
  const revokedAt = new Map<string, number>();
  const listeners = new Map<string, Set<{ since: number; listener: () => void }>>();

  const unsubscribe = bus.subscribe(channels.auth, (message) => {
    if (message.kind !== "revoked") return;
    revokedAt.set(message.userId, Math.max(message.at, revokedAt.get(message.userId) ?? 0));
    if (revokedAt.size > 10_000) prune();
    for (const entry of listeners.get(message.userId) ?? []) {
      if (entry.since < message.at) entry.listener();
    }
  });

  function prune() {
    const cutoff = Date.now() - KEEP_MS;
    for (const [userId, at] of revokedAt) if (at < cutoff) revokedAt.delete(userId);
  }

  return {
    revoke: (userId, at) => bus.publish(channels.auth, { kind: "revoked", userId, at }),
    isRevoked: (userId, since) => (revokedAt.get(userId) ?? 0) > since,
    onRevoked(userId, since, listener) {
      let set = listeners.get(userId);
      if (!set) listeners.set(userId, (set = new Set()));
      let called = false;
      const entry = {
        since,
        listener: () => {
          if (called) return;
          called = true;
          listener();
        },
      };
      set.add(entry);
      return () => {
        set.delete(entry);
        if (set.size === 0 && listeners.get(userId) === set) listeners.delete(userId);
      };
    },
    close: unsubscribe,
  };
}
