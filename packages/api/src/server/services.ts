import type { Database } from "@atiende/db";

import { createAutoAssigner } from "../assignment/assigner";
import { createRevocationRegistry } from "../auth/revocation";
import type { ApiConfig } from "../config";
import { getLogger } from "../log";
import type { EventBus } from "../realtime/bus";
import { createMemoryBus } from "../realtime/bus";
import { createPresenceRegistry } from "../realtime/presence";
import { publishChange } from "../realtime/publish";
import { createSequencer } from "../realtime/sequencer";
import type { ApiServices } from "../trpc";
import type { DeliveryQueue } from "../webhooks/queue";
import { rowQueue } from "../webhooks/queue";

/** The long-lived parts of one process, wired together once: what every call's context shares. */
export function createServices(
  db: Database,
  config: ApiConfig,
  bus: EventBus = createMemoryBus(),
  // The delivery rows themselves, unless the process runs pg-boss.
  webhookQueue: DeliveryQueue = rowQueue(db, getLogger()),
): ApiServices {
  const assigner = createAutoAssigner({
    db,
    config,
    // Published after the pass committed, so the console and the candidate see it live.
    onAssigned: (assignments) => {
      for (const { conversationId } of assignments) publishChange({ bus }, conversationId);
    },
  });
  const presence = createPresenceRegistry({ db, config, bus, onAvailable: () => void assigner.kick() });
  const sequencer = createSequencer({ db, bus, log: getLogger() });
  return { db, config, bus, presence, assigner, revocations: createRevocationRegistry(bus), webhookQueue, sequencer };
}
