import type { Database, Executor } from "@atiende/db";
import { eq, notificationSettings, sql } from "@atiende/db";

import { recordEvent } from "../domain/audit";

export const EMAIL_LOCALES = ["es", "en"] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

export interface NotificationSettings {
  emailEnabled: boolean;
  locale: EmailLocale;
}

/** A person's settings; emails are on, in Spanish, until they say otherwise. */
export async function getNotificationSettings(db: Executor, userId: string): Promise<NotificationSettings> {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId));
  return { emailEnabled: row?.emailEnabled ?? true, locale: row?.locale === "en" ? "en" : "es" };
}

/**
 * Changes a person's settings. Turning emails on or off is audited (the actor is the person, or
 * nobody for an unsubscribe link); the remembered language is not a decision of theirs to audit.
 */
export async function updateNotificationSettings(
  db: Database,
  userId: string,
  change: Partial<NotificationSettings>,
  actorUserId: string | null,
): Promise<NotificationSettings> {
  return db.transaction(async (tx) => {
    const before = await getNotificationSettings(tx, userId);
    const after = { ...before, ...change };
    if (after.emailEnabled === before.emailEnabled && after.locale === before.locale) return before;
    await tx
      .insert(notificationSettings)
      .values({ userId, ...after })
      .onConflictDoUpdate({ target: notificationSettings.userId, set: { ...after, updatedAt: sql`now()` } });
    if (after.emailEnabled !== before.emailEnabled) {
      await recordEvent(tx, {
        actorUserId,
        action: "notification.settings_changed",
        data: { userId, emailEnabled: after.emailEnabled, via: actorUserId ? "profile" : "unsubscribe_link" },
      });
    }
    return after;
  });
}
