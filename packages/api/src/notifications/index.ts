import type { Database } from "@atiende/db";

import type { ApiConfig } from "../config";
import type { Logger } from "../log";
import type { DeliveryQueue, OutboxSink } from "../webhooks";
import { attemptNotification } from "./attempt";
import type { Mailer } from "./mailer";
import { smtpMailer } from "./mailer";
import { attemptPush } from "./push/attempt";
import { recordPushes } from "./push/record";
import { messagesToTell } from "./recipients";
import { recordNotifications } from "./record";

export { readUnsubscribeToken } from "./links";
export { EMAIL_LOCALES, getNotificationSettings, updateNotificationSettings, type EmailLocale } from "./settings";
export { vapidKeys } from "./push/keys";
export { subscribePush, unsubscribePush } from "./push/subscriptions";

/**
 * The notifications of one instance, emails and pushes, as more kinds of delivery for the webhooks'
 * relay and queue (`startWebhooks({ notifications })`). Without SMTP_URL no email is recorded, and
 * that is said once; pushes need nothing configured (see push/keys.ts).
 */
export function createNotifications(options: {
  db: Database;
  config: ApiConfig;
  queue: DeliveryQueue;
  log: Logger;
  mailer?: Mailer;
  /** Certificates to trust besides the system's, for pushes (a test's own HTTPS push service). */
  pushCa?: string;
}) {
  const { db, config, queue, log } = options;
  const email = config.notifications.email;
  if (!email) log.info("SMTP_URL is not set: no email notifications will be sent");
  const mailer = options.mailer ?? (email ? smtpMailer(email.smtpUrl, email.from) : null);
  const sink: OutboxSink = {
    record: async (tx, queue, rows) => {
      const told = await messagesToTell(tx, rows);
      await recordNotifications(tx, queue, told, config.notifications);
      await recordPushes(tx, queue, told, config.notifications.push);
    },
    attempt: (job) =>
      job.kind === "push"
        ? attemptPush({ db, config, queue, ca: options.pushCa }, job)
        : attemptNotification({ db, config, queue, mailer }, job),
  };
  return sink;
}
