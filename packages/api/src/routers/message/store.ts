import type { Database, Message } from "@atiende/db";
import { messageWordsText, runStatement } from "@atiende/db";

import type { Viewer } from "../../domain/roles";
import { isStaff } from "../../domain/roles";
import type { MessageColumnsRow } from "../../domain/message-queries";
import { messageColumnsFromRow } from "../../domain/message-queries";

/** The columns `sendMessage` has already decided for the new row. */
export interface MessageDraft {
  content: string;
  messageType: Message["messageType"];
  attachmentUrl?: string | null;
  attachmentName?: string | null;
  attachmentMimeType?: string | null;
  attachmentSizeBytes?: number | null;
  clientMessageId?: string | null;
}

/** The sender's quota, as rate-limiter-flexible's Drizzle store keeps it (same table, keys, window). */
export interface Quota {
  key: string;
  perMinute: number;
}

export type StoreOutcome =
  | { kind: "missing" }
  | { kind: "forbidden" }
  | { kind: "twin"; id: string; senderUserId: string }
  | { kind: "closed" }
  | { kind: "reopens" }
  | { kind: "limited"; retryAfterSeconds: number }
  | { kind: "stored"; message: Message; seq: number };

const QUOTA_WINDOW_MS = 60_000;

/*
 * The whole send in one statement, so one round trip and one implicit transaction:
 *  - `conv` locks the conversation row first: every other part reads from it, so the quota, the
 *    message time and the event number are all taken under the lock, in commit order;
 *  - `twin` is the duplicate check. It reads the statement's snapshot, taken before the lock was
 *    granted, so a copy committed while we waited is missed here; the unique index on
 *    (conversation_id, client_message_id) then fails the whole statement (nothing of it stays,
 *    quota included) and the caller runs it again with a fresh snapshot;
 *  - `quota` spends one unit only while the sender is under the limit (an upsert on the counter's
 *    newest version, so concurrent senders in other conversations count too), and nothing when a
 *    send is refused, a duplicate or not allowed;
 *  - `msg`, `seq`, `audit` and `joined` are the message, the conversation's new event number and
 *    activity columns, its audit row and the sender's participation, as recordConversationEvent
 *    and ensureParticipant write them.
 * A candidate's message into a resolved conversation (a reopening: two events) is left to the
 * transactional path.
 */
const STORE = `
with conv as (
  select id, candidate_user_id, status
  from support_conversations
  where id = $1::uuid and deleted_at is null
  for update
),
twin as (
  select id, sender_user_id from support_messages
  where $4::text is not null and conversation_id = $1::uuid and client_message_id = $4::text
),
allowed as (
  select conv.id from conv
  where ($3::boolean or conv.candidate_user_id = $2::uuid)
    and ($3::boolean or conv.status = 'open')
    and not exists (select 1 from twin)
),
quota as (
  insert into rate_limits as r (key, points, expire)
  select $11::text, 1, $14::timestamptz from allowed
  on conflict (key) do update
    set points = case when r.expire <= $13::timestamptz then 1 else r.points + 1 end,
        expire = case when r.expire <= $13::timestamptz then $14::timestamptz else r.expire end
    where r.expire <= $13::timestamptz or r.points < $12::int
  returning r.points
),
msg as (
  insert into support_messages (conversation_id, sender_user_id, content, message_type, attachment_url,
    attachment_name, attachment_mime_type, attachment_size_bytes, client_message_id, created_at)
  select $1::uuid, $2::uuid, $5::text, $6::text, $7::text, $8::text, $9::text, $10::bigint, $4::text,
    clock_timestamp()
  from quota
  returning *
),
seq as (
  update support_conversations c
  set last_seq = c.last_seq + 1,
      updated_at = msg.created_at,
      last_message_at = case when msg.message_type = 'note' then c.last_message_at else msg.created_at end,
      search_vector = case when msg.message_type = 'note' then c.search_vector
        else c.search_vector || ${messageWordsText("msg.content", "msg.attachment_name")} end,
      first_response_at = case when msg.message_type not in ('note', 'auto_reply') and $3::boolean and c.first_response_at is null
        then msg.created_at else c.first_response_at end
  from msg
  where c.id = msg.conversation_id
  returning c.last_seq
),
audit as (
  insert into audit_log (actor_user_id, action, conversation_id, message_id, seq, data)
  select $2::uuid, 'message.created', msg.conversation_id, msg.id, seq.last_seq, '{}'::jsonb from msg, seq
),
joined as (
  insert into support_conversation_participants (conversation_id, user_id, participant_role)
  select msg.conversation_id, $2::uuid, $15::text from msg, conv where conv.candidate_user_id <> $2::uuid
  on conflict do nothing
)
select conv.candidate_user_id, conv.status,
  twin.id as twin_id, twin.sender_user_id as twin_sender_user_id,
  (select expire from rate_limits where key = $11::text) as quota_expire,
  (select last_seq from seq) as seq,
  msg.id, msg.content, msg.message_type, msg.attachment_url, msg.attachment_name,
  msg.attachment_mime_type, msg.attachment_size_bytes::float8 as attachment_size_bytes,
  msg.client_message_id, msg.created_at, msg.edited_at
from (select 1) as one
left join conv on true
left join twin on true
left join msg on true`;

interface Row extends Record<string, unknown>, MessageColumnsRow {
  candidate_user_id: string | null;
  status: string | null;
  twin_id: string | null;
  twin_sender_user_id: string | null;
  quota_expire: Date | string | null;
  seq: number | null;
  id: string | null;
}

const UNIQUE_VIOLATION = "23505";

/**
 * Stores a message, spends the sender's quota and numbers the event, all or nothing, in one round
 * trip; or says why it did not. Runs again when a concurrent copy of the same message won the race.
 */
export async function storeMessage(
  db: Database,
  viewer: Viewer,
  conversationId: string,
  draft: MessageDraft,
  quota: Quota,
): Promise<StoreOutcome> {
  const now = Date.now();
  const params = [
    conversationId,
    viewer.id,
    isStaff(viewer),
    draft.clientMessageId ?? null,
    draft.content,
    draft.messageType,
    draft.attachmentUrl ?? null,
    draft.attachmentName ?? null,
    draft.attachmentMimeType ?? null,
    draft.attachmentSizeBytes ?? null,
    quota.key,
    quota.perMinute,
    // As text: drizzle turns off postgres.js's own date (de)serialising.
    new Date(now).toISOString(),
    new Date(now + QUOTA_WINDOW_MS).toISOString(),
    viewer.role,
  ];
  for (let attempt = 1; ; attempt += 1) {
    try {
      const [row] = await runStatement<Row>(db, STORE, params);
      if (!row) throw new Error("The send statement returned no row");
      return outcome(row, viewer, conversationId, now);
    } catch (error) {
      if (attempt >= 3 || (error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    }
  }
}

function outcome(row: Row, viewer: Viewer, conversationId: string, now: number): StoreOutcome {
  if (row.candidate_user_id === null) return { kind: "missing" };
  const staff = isStaff(viewer);
  if (!staff && row.candidate_user_id !== viewer.id) return { kind: "forbidden" };
  if (row.twin_id && row.twin_sender_user_id) {
    return { kind: "twin", id: row.twin_id, senderUserId: row.twin_sender_user_id };
  }
  if (!staff && row.status === "closed") return { kind: "closed" };
  if (!staff && row.status === "resolved") return { kind: "reopens" };
  if (row.id === null || row.seq === null) {
    const expire =
      row.quota_expire === null ? now + QUOTA_WINDOW_MS : new Date(row.quota_expire).getTime();
    return { kind: "limited", retryAfterSeconds: Math.max(1, Math.ceil((expire - now) / 1000)) };
  }
  return {
    kind: "stored",
    seq: Number(row.seq),
    message: {
      id: row.id,
      conversationId,
      senderUserId: viewer.id,
      ...messageColumnsFromRow(row),
    },
  };
}
