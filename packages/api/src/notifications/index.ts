import type { Database } from "@atiende/db";

import type { ApiConfig } from "../config";
import type { Logger } from "../log";
import type { DeliveryQueue, OutboxSink } from "../webhooks";
import { attemptNotification } from "./attempt";
import type { Mailer } from "./mailer";
import { smtpMailer } from "./mailer";
import { recordNotifications } from "./record";

export { readUnsubscribeToken } from "./links";
export { EMAIL_LOCALES, getNotificationSettings, updateNotificationSettings, type EmailLocale } from "./settings";

/**
 * The notifications of one instance, as one more kind of delivery for the webhooks' relay and queue
 * (`startWebhooks({ notifications })`). Without SMTP_URL nothing is recorded, and that is said once.
 */
export function createNotifications(options: { db: Database; config: ApiConfig; queue: DeliveryQueue; log: Logger; mailer?: Mailer }) {
  const { config, log } = options;
  const email = config.notifications.email;
  if (!email) log.info("SMTP_URL is not set: no email notifications will be sent");
  const mailer = options.mailer ?? (email ? smtpMailer(email.smtpUrl, email.from) : null);
  const sink: OutboxSink = {
    record: (tx, queue, rows) => recordNotifications(tx, queue, rows, config.notifications),
    attempt: (job) => attemptNotification({ db: options.db, config, queue: options.queue, mailer }, job),
  };
  return sink;
}
