import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

import { createDatabase, selectRows } from "./client";

const migrationsFolder = path.resolve(import.meta.dirname, "../drizzle");
const scratch = mkdtempSync(path.join(tmpdir(), "atiende-search-migration-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The migrations folder as it was before `tag` (its journal cut there). */
function migrationsBefore(tag: string): string {
  const folder = path.join(scratch, "before");
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((entry) => entry.tag === tag);
  if (cut < 0) throw new Error(`No migration ${tag}`);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  return folder;
}

describe("migration 0014 (per-message search words)", () => {
  it("gives existing messages their words, none to notes and automatic answers, and cuts conversations' documents to the subject", async () => {
    const dataDir = path.join(scratch, "data");
    const before = await createDatabase({ dataDir, migrationsFolder: migrationsBefore("0014_per_message_search_words") });
    await before.migrate();
    await before.db.execute(sql`
      with person as (
        insert into users (email, name, role) values ('vieja@test.example', 'Vieja', 'candidato') returning id
      ), conversation as (
        insert into support_conversations (candidate_user_id, created_by_user_id, subject, search_vector)
        select id, id, 'Factura duplicada', to_tsvector('simple', 'Factura duplicada reembolso secreto') from person
        returning id, candidate_user_id
      )
      insert into support_messages (conversation_id, sender_user_id, content, message_type, attachment_name)
      select id, candidate_user_id, content, type, file from conversation, (values
        ('El reembolso no llega', 'text', null),
        ('', 'attachment', 'extracto.pdf'),
        ('nota secreto', 'note', null),
        ('Fuera de horario', 'auto_reply', null)
      ) as m(content, type, file)`);
    await before.close();

    const after = await createDatabase({ dataDir, migrationsFolder });
    try {
      await after.migrate();
      const messages = await selectRows<{ type: string; words: string | null }>(
        after.db,
        sql`select message_type as type, search_words::text as words from support_messages order by message_type`,
      );
      expect(messages).toEqual([
        { type: "attachment", words: "'extracto.pdf'" },
        { type: "auto_reply", words: null },
        { type: "note", words: null },
        { type: "text", words: "'el' 'llega' 'no' 'reembolso'" },
      ]);
      const [conversation] = await selectRows<{ document: string }>(
        after.db,
        sql`select search_vector::text as document from support_conversations`,
      );
      expect(conversation).toEqual({ document: "'duplicada' 'factura'" });
      // Later writes keep the words right by themselves.
      await after.db.execute(sql`update support_messages set content = 'Ya llegó' where message_type = 'text'`);
      const [edited] = await selectRows<{ words: string }>(
        after.db,
        sql`select search_words::text as words from support_messages where message_type = 'text'`,
      );
      expect(edited).toEqual({ words: "'llegó' 'ya'" });
    } finally {
      await after.close();
    }
  });
});
