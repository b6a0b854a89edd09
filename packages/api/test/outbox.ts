import type { Mailer } from "../src/notifications/mailer";
import { createLogger } from "../src/log";
import { createNotifications } from "../src/notifications";
import { createDeliveryQueue, startWebhooks } from "../src/webhooks";
import type { Harness } from "./harness";
import { eventually } from "./wait";

const log = createLogger({ level: "silent" });

/**
 * Runs the relay and the queue with the notifications, as the app does, until `check` passes; then
 * stops them. Between calls nothing relays, so a test writes what the relay will find first.
 */
export function outboxRunner(h: Harness, options: { mailer?: Mailer; pushCa?: string } = {}) {
  return async function relayUntil(check: () => unknown) {
    const { db, url } = h.handle;
    const config = h.services.config;
    const queue = createDeliveryQueue({ db, databaseUrl: url, config: config.webhooks, log });
    const notifications = createNotifications({ db, config, queue, log, ...options });
    const runtime = await startWebhooks({ db, config: config.webhooks, queue, bus: h.services.bus, sequencer: h.services.sequencer, log, notifications });
    try {
      await eventually(check, 30_000);
    } finally {
      await runtime.stop();
    }
  };
}
