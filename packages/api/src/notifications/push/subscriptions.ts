import type { Database } from "@atiende/db";
import { and, desc, eq, isNull, ne, pushSubscriptions, sql } from "@atiende/db";

import { recordEvent } from "../../domain/audit";

/**
 * Live devices per person. Every message is pushed to each, so without a bound one account could
 * make the server POST to any number of addresses per reply; past it the oldest device is dropped.
 */
export const MAX_DEVICES = 10;

export interface NewSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  label: string;
}

/**
 * Keeps this browser's subscription for the person. The endpoint names one browser: subscribing
 * with one already known moves it to whoever subscribes now (a shared computer, another account
 * signed in), which only the browser holding the endpoint can do, as it is unguessable. Audited when
 * a device starts receiving pushes; renewing keys of a live subscription is not a decision to audit.
 */
export async function subscribePush(db: Database, userId: string, input: NewSubscription) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.endpoint, input.endpoint))
      .for("update");
    const values = {
      userId,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      label: input.label,
      deletedAt: null,
    };
    const [row] = await tx
      .insert(pushSubscriptions)
      .values({ endpoint: input.endpoint, ...values })
      .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: values })
      .returning({ id: pushSubscriptions.id });
    if (!row) throw new Error("the subscription was not stored");
    if (!before || before.deletedAt || before.userId !== userId) {
      if (before && !before.deletedAt && before.userId !== userId) {
        await recordEvent(tx, {
          actorUserId: userId,
          action: "notification.push_unsubscribed",
          data: { userId: before.userId, subscriptionId: row.id, via: "taken_over" },
        });
      }
      await recordEvent(tx, {
        actorUserId: userId,
        action: "notification.push_subscribed",
        data: { userId, subscriptionId: row.id, label: input.label },
      });
    }
    const stale = await tx
      .select({ id: pushSubscriptions.id })
      .from(pushSubscriptions)
      .where(
        and(
          eq(pushSubscriptions.userId, userId),
          isNull(pushSubscriptions.deletedAt),
          ne(pushSubscriptions.id, row.id),
        ),
      )
      // The device subscribing now stays; of the others, the least recently used go first.
      .orderBy(
        desc(sql`coalesce(${pushSubscriptions.lastUsedAt}, ${pushSubscriptions.createdAt})`),
        desc(pushSubscriptions.id),
      )
      .offset(MAX_DEVICES - 1);
    for (const { id } of stale) {
      await tx
        .update(pushSubscriptions)
        .set({ deletedAt: sql`now()` })
        .where(eq(pushSubscriptions.id, id));
      await recordEvent(tx, {
        actorUserId: userId,
        action: "notification.push_unsubscribed",
        data: { userId, subscriptionId: id, via: "device_limit" },
      });
    }
    return { id: row.id };
  });
}

/** Stops pushes to this browser, if it is the person's; another's subscription is left alone. */
export async function unsubscribePush(db: Database, userId: string, endpoint: string) {
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .update(pushSubscriptions)
      .set({ deletedAt: sql`now()` })
      .where(
        and(
          eq(pushSubscriptions.endpoint, endpoint),
          eq(pushSubscriptions.userId, userId),
          isNull(pushSubscriptions.deletedAt),
        ),
      )
      .returning({ id: pushSubscriptions.id });
    if (removed) {
      await recordEvent(tx, {
        actorUserId: userId,
        action: "notification.push_unsubscribed",
        data: { userId, subscriptionId: removed.id, via: "profile" },
      });
    }
    return { removed: Boolean(removed) };
  });
}

/**
 * The push service says the subscription is gone (404/410): no push will reach it again. Removed
 * (soft) and audited as the system's doing.
 */
export async function retireSubscription(db: Database, subscriptionId: string, status: number) {
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .update(pushSubscriptions)
      .set({ deletedAt: sql`now()` })
      .where(and(eq(pushSubscriptions.id, subscriptionId), isNull(pushSubscriptions.deletedAt)))
      .returning({ userId: pushSubscriptions.userId });
    if (removed) {
      await recordEvent(tx, {
        actorUserId: null,
        action: "notification.push_unsubscribed",
        data: { userId: removed.userId, subscriptionId, via: "push_service", status },
      });
    }
  });
}
