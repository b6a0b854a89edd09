import type { Database, Message, User } from "@atiende/db";
import { compileStatement, runStatement, sql } from "@atiende/db";

import { rememberedUserIsCurrentSql } from "../../auth/identity";
import { canSeeConversationSql, lockedConversationSql } from "../../domain/access";
import { insertAuditRows, nextEventNumber } from "../../domain/audit";
import { joinConversation } from "../../domain/conversation-queries";
import type { MessageColumnsRow } from "../../domain/message-queries";
import { messageColumnsFromRow } from "../../domain/message-queries";
import { QUOTA_WINDOW_MS, quotaExpirySql, retryAfterSeconds, spendQuotaSql } from "../../domain/rate-limit";
import type { Viewer } from "../../domain/roles";
import { isStaff } from "../../domain/roles";

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

/** The sender's quota (domain/rate-limit.ts's messageQuota). */
export interface Quota {
  key: string;
  perMinute: number;
}

export type StoreOutcome =
  /** The sender was remembered (trpc.ts's `userRemembered`) and their row has changed since. */
  | { kind: "unconfirmed" }
  | { kind: "missing" }
  | { kind: "forbidden" }
  | { kind: "twin"; id: string; senderUserId: string }
  | { kind: "closed" }
  | { kind: "limited"; retryAfterSeconds: number }
  /** `reopened`: a candidate wrote into their resolved conversation, which made a second event. */
  | { kind: "stored"; message: Message; seq: number; reopened: boolean };

interface Values extends Record<string, unknown> {
  conversationId: string;
  viewerId: string;
  staff: boolean;
  role: string;
  /** Whether the sender is remembered, not read: then their row must still be this one. */
  confirm: boolean;
  email: string;
  name: string;
  credentialsChangedAt: string | null;
  clientMessageId: string | null;
  content: string;
  messageType: string;
  attachmentUrl: string | null;
  attachmentName: string | null;
  attachmentMimeType: string | null;
  attachmentSizeBytes: number | null;
  quotaKey: string;
  perMinute: number;
  now: string;
  windowEnd: string;
}

const value = (name: keyof Values & string) => sql.placeholder(name);
const viewer = { id: sql`${value("viewerId")}::uuid`, staff: sql`${value("staff")}::boolean` };
const conversationId = sql`${value("conversationId")}::uuid`;

/*
 * Every message is stored by this one statement, so one round trip and one implicit transaction,
 * whoever sends it (tRPC, REST, the embedded chat, a hand-over note, an automatic answer). Each rule
 * is a fragment of the module that owns it, used the same way by that module's other writes:
 *  - `caller`: when the sender was remembered, not read for this call (trpc.ts's `userRemembered`),
 *    that their row is still the one remembered (auth/identity.ts): a revoked token or a changed
 *    role stores nothing, and the transport reads the user and calls again;
 *  - `conv`: the conversation, locked first (domain/access.ts), with what the rules decide of it:
 *    whether the viewer may see it (canSeeConversationSql), whether it is closed to them (a closed
 *    conversation takes no more candidate messages; staff may still write) and whether the message
 *    reopens it (a candidate writing into their resolved conversation, as in any help desk). Every
 *    other part runs under the lock, so the quota, the message time and the event numbers are taken
 *    in commit order;
 *  - `twin`: idempotency. It reads the statement's snapshot, taken before the lock was granted, so
 *    a copy committed while we waited is missed here; the unique index on (conversation_id,
 *    client_message_id) then fails the whole statement (nothing of it stays, quota included) and
 *    `storeMessage` runs it again with a fresh snapshot;
 *  - `quota`: the sender's rate limit (domain/rate-limit.ts), spent only when the message is
 *    allowed and not a duplicate;
 *  - `msg`: the message (its search words are a generated column of its own, so a long
 *    conversation costs a send no more than a new one);
 *  - `changed`: the conversation's event numbers (one, or two when it reopens) and activity
 *    (domain/audit.ts's nextEventNumber). A note is no activity the candidate can see: their list
 *    keeps its order. The first reply from the team (not a note, not an automatic answer) stops
 *    the response-time clock;
 *  - `audit`: the numbered audit rows (domain/audit.ts), which the webhooks, emails and pushes read
 *    as their outbox: "message.created", and "conversation.status_changed" after it on a reopening;
 *  - `joined`: the sender's participation (domain/conversation-queries.ts); the candidate joined
 *    when the conversation was opened, staff join with their first message.
 */
const SEND = compileStatement<Values>(sql`
with caller as (
  select not ${value("confirm")}::boolean or ${rememberedUserIsCurrentSql({
    id: viewer.id,
    email: sql`${value("email")}::text`,
    name: sql`${value("name")}::text`,
    role: sql`${value("role")}::text`,
    credentialsChangedAt: sql`${value("credentialsChangedAt")}::timestamptz`,
  })} as current
),
conv as (
  ${lockedConversationSql(conversationId, sql`id, candidate_user_id, status,
    ${canSeeConversationSql("support_conversations", viewer)} as visible,
    (status = 'closed' and not ${viewer.staff}) as closed,
    (status = 'resolved' and not ${viewer.staff}) as reopens`)}
),
twin as (
  select id, sender_user_id from support_messages
  where ${value("clientMessageId")}::text is not null and conversation_id = ${conversationId}
    and client_message_id = ${value("clientMessageId")}::text
),
allowed as (
  select conv.id from conv, caller
  where caller.current and conv.visible and not conv.closed and not exists (select 1 from twin)
),
quota as (
  ${spendQuotaSql(
    {
      key: sql`${value("quotaKey")}::text`,
      perMinute: sql`${value("perMinute")}::int`,
      // As text: drizzle turns off postgres.js's own date (de)serialising.
      now: sql`${value("now")}::timestamptz`,
      windowEnd: sql`${value("windowEnd")}::timestamptz`,
    },
    "allowed",
  )}
),
msg as (
  insert into support_messages (conversation_id, sender_user_id, content, message_type, attachment_url,
    attachment_name, attachment_mime_type, attachment_size_bytes, client_message_id, created_at)
  select ${conversationId}, ${viewer.id}, ${value("content")}::text, ${value("messageType")}::text,
    ${value("attachmentUrl")}::text, ${value("attachmentName")}::text, ${value("attachmentMimeType")}::text,
    ${value("attachmentSizeBytes")}::bigint, ${value("clientMessageId")}::text, clock_timestamp()
  from quota
  returning *
),
changed as (
  update support_conversations
  set last_seq = ${nextEventNumber(sql`case when conv.reopens then 2 else 1 end`)},
      updated_at = msg.created_at,
      last_message_at = case when msg.message_type = 'note' then last_message_at else msg.created_at end,
      status = case when conv.reopens then 'open' else support_conversations.status end,
      resolved_at = case when conv.reopens then null else resolved_at end,
      first_response_at = case
        when msg.message_type not in ('note', 'auto_reply') and ${viewer.staff} and first_response_at is null
        then msg.created_at else first_response_at end
  from msg, conv
  where support_conversations.id = msg.conversation_id
  returning last_seq
),
audit as (
  ${insertAuditRows(sql`
    select ${viewer.id}, 'message.created', msg.conversation_id, msg.id,
      changed.last_seq - case when conv.reopens then 1 else 0 end, '{}'::jsonb
    from msg, changed, conv
    union all
    select ${viewer.id}, 'conversation.status_changed', msg.conversation_id, null, changed.last_seq,
      jsonb_build_object('status', jsonb_build_object('from', conv.status, 'to', 'open'), 'reason', 'candidate_message')
    from msg, changed, conv where conv.reopens`)}
),
joined as (
  ${joinConversation(sql`select msg.conversation_id, ${viewer.id}, ${value("role")}::text
    from msg, conv where conv.candidate_user_id <> ${viewer.id}`)}
)
select caller.current as caller_current, conv.visible, conv.closed, conv.reopens,
  twin.id as twin_id, twin.sender_user_id as twin_sender_user_id,
  ${quotaExpirySql(sql`${value("quotaKey")}::text`)} as quota_expire,
  (select last_seq from changed) as seq,
  msg.id, msg.content, msg.message_type, msg.attachment_url, msg.attachment_name,
  msg.attachment_mime_type, msg.attachment_size_bytes::float8 as attachment_size_bytes,
  msg.client_message_id, msg.created_at, msg.edited_at
from caller
left join conv on true
left join twin on true
left join msg on true`);

interface Row extends Record<string, unknown>, MessageColumnsRow {
  caller_current: boolean;
  visible: boolean | null;
  closed: boolean | null;
  reopens: boolean | null;
  twin_id: string | null;
  twin_sender_user_id: string | null;
  quota_expire: Date | string | null;
  seq: number | null;
  id: string | null;
}

const UNIQUE_VIOLATION = "23505";

/**
 * Stores a message, spends the sender's quota and numbers its events, all or nothing, in one round
 * trip; or says why it did not. Runs again when a concurrent copy of the same message won the race.
 */
export async function storeMessage(
  db: Database,
  sender: Viewer,
  conversation: string,
  draft: MessageDraft,
  quota: Quota,
  /** The sender as remembered, not read for this call: stored only if their row is still this. */
  remembered: Pick<User, "email" | "name" | "credentialsChangedAt"> | null = null,
): Promise<StoreOutcome> {
  const now = Date.now();
  const values = SEND.values({
    conversationId: conversation,
    viewerId: sender.id,
    staff: isStaff(sender),
    role: sender.role,
    confirm: remembered !== null,
    email: remembered?.email ?? "",
    name: remembered?.name ?? "",
    credentialsChangedAt: remembered?.credentialsChangedAt?.toISOString() ?? null,
    clientMessageId: draft.clientMessageId ?? null,
    content: draft.content,
    messageType: draft.messageType,
    attachmentUrl: draft.attachmentUrl ?? null,
    attachmentName: draft.attachmentName ?? null,
    attachmentMimeType: draft.attachmentMimeType ?? null,
    attachmentSizeBytes: draft.attachmentSizeBytes ?? null,
    quotaKey: quota.key,
    perMinute: quota.perMinute,
    now: new Date(now).toISOString(),
    windowEnd: new Date(now + QUOTA_WINDOW_MS).toISOString(),
  });
  for (let attempt = 1; ; attempt += 1) {
    try {
      const [row] = await runStatement<Row>(db, SEND.text, values);
      if (!row) throw new Error("The send statement returned no row");
      return outcome(row, sender, conversation, now);
    } catch (error) {
      if (attempt >= 3 || (error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    }
  }
}

function outcome(row: Row, sender: Viewer, conversationId: string, now: number): StoreOutcome {
  if (!row.caller_current) return { kind: "unconfirmed" };
  if (row.visible === null) return { kind: "missing" };
  if (!row.visible) return { kind: "forbidden" };
  if (row.twin_id && row.twin_sender_user_id) {
    return { kind: "twin", id: row.twin_id, senderUserId: row.twin_sender_user_id };
  }
  if (row.closed) return { kind: "closed" };
  if (row.id === null || row.seq === null) {
    return { kind: "limited", retryAfterSeconds: retryAfterSeconds(row.quota_expire, now) };
  }
  const reopened = Boolean(row.reopens);
  return {
    kind: "stored",
    // The message's own event: the one before the reopening's.
    seq: Number(row.seq) - (reopened ? 1 : 0),
    reopened,
    message: {
      id: row.id,
      conversationId,
      senderUserId: sender.id,
      ...messageColumnsFromRow(row),
    },
  };
}
