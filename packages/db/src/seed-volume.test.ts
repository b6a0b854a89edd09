import path from "node:path";

import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { createDatabase, selectRows } from "./client";
import { LONG_CONVERSATION_SUBJECT, seedVolumeData } from "./seed-volume";

const migrationsFolder = path.resolve(import.meta.dirname, "../drizzle");

describe("the volume seed", () => {
  it("makes exactly the volume asked for and keeps the conversations' invariants", async () => {
    const handle = await createDatabase({ dataDir: "memory://", migrationsFolder });
    try {
      await handle.migrate();
      await seedVolumeData(handle.db, {
        conversations: 41,
        messages: 700,
        longConversationMessages: 200,
        candidates: 7,
        agents: 3,
      });
      const count = async (query: ReturnType<typeof sql>) =>
        (await selectRows<{ n: number }>(handle.db, query))[0]?.n;

      expect(await count(sql`select count(*)::int as n from support_conversations`)).toBe(41);
      expect(await count(sql`select count(*)::int as n from support_messages`)).toBe(700);
      expect(await count(sql`select count(*)::int as n from users where role = 'soporte'`)).toBe(3);
      expect(
        await count(sql`select count(*)::int as n from support_messages m join support_conversations c on c.id = m.conversation_id
                        where c.subject = ${LONG_CONVERSATION_SUBJECT}`),
      ).toBe(200);
      // Each of these lists the conversations that break an invariant: none should.
      const broken = await count(sql`
        select count(*)::int as n from support_conversations c
        where c.last_message_at <> coalesce((select max(created_at) from support_messages m where m.conversation_id = c.id), c.created_at)
          or c.first_response_at is distinct from (select min(created_at) from support_messages m
               where m.conversation_id = c.id and m.sender_user_id <> c.candidate_user_id)
          or (c.status = 'resolved') <> (c.resolved_at is not null)
          or c.last_seq <> 0
          or not exists (select 1 from support_conversation_participants p
               where p.conversation_id = c.id and p.user_id = c.candidate_user_id)`);
      expect(broken).toBe(0);
      // Searchable: every message has its words, every subject is its conversation's document.
      expect(await count(sql`select count(*)::int as n from support_messages where search_words is null`)).toBe(0);
      expect(
        await count(sql`select count(*)::int as n from support_conversations
                        where search_vector <> strip(to_tsvector('simple', coalesce(subject, '')))`),
      ).toBe(0);
      await expect(seedVolumeData(handle.db, { conversations: 2, messages: 2 })).rejects.toThrow(
        /already has volume data/,
      );
    } finally {
      await handle.close();
    }
  });
});
