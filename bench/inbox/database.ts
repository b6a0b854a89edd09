import type { DatabaseHandle } from "@atiende/db";
import { createDatabase, seedVolumeData, sql } from "@atiende/db";
import postgres from "postgres";

import { migrationsFolder } from "../live/paths";

export const DATABASE_NAME = "atiende_bench_inbox";

export interface Volume {
  conversations: number;
  messages: number;
  longConversationMessages: number;
}

export interface InboxDatabase {
  url: string;
  handle: DatabaseHandle;
  /** Whether this run seeded it (false: reused from an earlier run with the same volume). */
  seeded: boolean;
}

/** Written on the database once the seed has committed, so that a half-seeded one is never reused. */
const markerOf = (volume: Volume) =>
  `atiende inbox bench: ${volume.conversations} conversations, ${volume.messages} messages, ` +
  `long ${volume.longConversationMessages}`;

/**
 * The benchmark's database, migrated, seeded with `volume` and analysed. Seeding takes minutes, so a
 * database already seeded with the same volume is reused unless `reseed`.
 */
export async function openInboxDatabase(
  serverUrl: string,
  volume: Volume,
  options: { reseed: boolean; log: (line: string) => void },
): Promise<InboxDatabase> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  const url = new URL(serverUrl);
  url.pathname = `/${DATABASE_NAME}`;
  const marker = markerOf(volume);
  try {
    const [found] = await admin<{ comment: string | null }[]>`
      select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${DATABASE_NAME}`;
    const reuse = !options.reseed && found?.comment === marker;
    if (!reuse) {
      await admin.unsafe(`drop database if exists ${DATABASE_NAME} with (force)`);
      await admin.unsafe(`create database ${DATABASE_NAME}`);
    }
    const handle = await createDatabase({
      url: url.toString(),
      migrationsFolder,
      maxConnections: 10,
    });
    try {
      await handle.migrate();
      if (!reuse) {
        const started = Date.now();
        options.log(
          `seeding ${volume.conversations} conversations and ${volume.messages} messages…`,
        );
        await seedVolumeData(handle.db, volume);
        options.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        await admin.unsafe(`comment on database ${DATABASE_NAME} is '${marker}'`);
      } else {
        options.log(`reusing ${DATABASE_NAME} (${marker}); --reseed to seed it again`);
      }
      await handle.db.execute(sql`analyze`);
      return { url: url.toString(), handle, seeded: !reuse };
    } catch (error) {
      await handle.close();
      throw error;
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
}
