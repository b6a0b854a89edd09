import type { Executor } from "@atiende/db";
import { eq, webPushKeys } from "@atiende/db";
import webPush from "web-push";

import type { PushConfig } from "../../config";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const ROW = "vapid";
const cache = new WeakMap<object, Promise<VapidKeys>>();

/**
 * The pair this deployment signs pushes with: the environment's, or the one kept in the database.
 * The first instance to need it generates one and inserts it; an instance racing it loses the
 * insert (on conflict do nothing) and reads the winner's back, so every instance signs with the same
 * pair and every subscription stays valid. Read once per process.
 */
export function vapidKeys(db: Executor, config: PushConfig): Promise<VapidKeys> {
  if (config.keys) return Promise.resolve(config.keys);
  let keys = cache.get(db);
  if (!keys) {
    keys = loadOrCreate(db);
    cache.set(db, keys);
    // A failed read (database down) is tried again next time rather than remembered.
    keys.catch(() => cache.delete(db));
  }
  return keys;
}

async function loadOrCreate(db: Executor): Promise<VapidKeys> {
  const generated = webPush.generateVAPIDKeys();
  await db
    .insert(webPushKeys)
    .values({ id: ROW, ...generated })
    .onConflictDoNothing();
  const [row] = await db.select().from(webPushKeys).where(eq(webPushKeys.id, ROW));
  if (!row) throw new Error("the VAPID key pair could not be stored");
  return { publicKey: row.publicKey, privateKey: row.privateKey };
}
