import type { Message } from "@atiende/db";

/** A message's own columns as raw SQL returns them (the send and history statements). */
export interface MessageColumnsRow {
  content: string;
  message_type: Message["messageType"];
  attachment_url: string | null;
  attachment_name: string | null;
  attachment_mime_type: string | null;
  attachment_size_bytes: number | string | bigint | null;
  client_message_id: string | null;
  created_at: Date | string;
  edited_at: Date | string | null;
}

// Drizzle turns off postgres.js's own date and bigint parsing; PGlite's still parses them.
const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** Those columns as the API returns them. */
export function messageColumnsFromRow(row: MessageColumnsRow) {
  return {
    content: row.content,
    messageType: row.message_type,
    attachmentUrl: row.attachment_url,
    attachmentName: row.attachment_name,
    attachmentMimeType: row.attachment_mime_type,
    attachmentSizeBytes: row.attachment_size_bytes === null ? null : Number(row.attachment_size_bytes),
    clientMessageId: row.client_message_id,
    createdAt: toDate(row.created_at),
    editedAt: row.edited_at === null ? null : toDate(row.edited_at),
  };
}
