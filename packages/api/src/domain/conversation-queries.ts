import type { Executor, SQL, SQLWrapper } from "@atiende/db";
import {
  alias,
  and,
  conversationColumns,
  desc,
  eq,
  isNull,
  sql,
  supportConversationLabels,
  supportConversationParticipants,
  supportConversations,
  supportLabels,
  supportMessages,
  users,
} from "@atiende/db";

import { notFound } from "./errors";
import { prepared } from "./prepared";
import type { Viewer } from "./roles";
import { isStaff } from "./roles";
import type { ConversationView, LabelView } from "./views";

const candidate = alias(users, "candidate");
const assignee = alias(users, "assignee");

/** Counting stops here ("99+"): an agent new to a long conversation must not count it all. */
export const UNREAD_COUNT_CAP = 100;

/** A viewer's id as a value, or as a placeholder in a prepared query. */
type ViewerRef = string | SQLWrapper;

/** Messages from others, that the viewer may see, after the last one the viewer read. */
const unreadCountFor = (viewerId: ViewerRef, staff: boolean) => sql<number>`(
  select count(*)::int from (select 1 from ${supportMessages} m
  where m.conversation_id = ${supportConversations.id}
    and m.sender_user_id <> ${viewerId}${staff ? sql`` : sql` and m.message_type <> 'note'`}
    and m.created_at > coalesce((
      select r.created_at from ${supportConversationParticipants} p
      join ${supportMessages} r on r.id = p.last_read_message_id
      where p.conversation_id = ${supportConversations.id} and p.user_id = ${viewerId}
    ), '-infinity'::timestamptz)
  limit ${UNREAD_COUNT_CAP}) unread
)`;

/** The start of the latest message between candidate and support (notes are not part of it). */
const lastMessagePreview = sql<string | null>`(
  select left(coalesce(nullif(m.content, ''), m.attachment_name, ''), 140) from ${supportMessages} m
  where m.conversation_id = ${supportConversations.id} and m.message_type <> 'note'
  order by m.created_at desc, m.id desc limit 1
)`;

/** The conversation's current labels, by name; labels are for staff, so candidates get none. */
const labelsFor = (staff: boolean) =>
  staff
    ? sql<LabelView[]>`coalesce((
        select json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) order by lower(l.name))
        from ${supportConversationLabels} cl join ${supportLabels} l on l.id = cl.label_id
        where cl.conversation_id = ${supportConversations.id} and cl.removed_at is null and l.deleted_at is null
      ), '[]'::json)`
    : sql<LabelView[]>`'[]'::json`;

const viewsQuery = (db: Executor, viewerId: ViewerRef, staff: boolean, where: SQL | undefined) =>
  db
    .select({
      conversation: conversationColumns,
      candidate: { id: candidate.id, name: candidate.name, role: candidate.role, email: candidate.email },
      assignee: { id: assignee.id, name: assignee.name, role: assignee.role },
      unreadCount: unreadCountFor(viewerId, staff),
      lastMessagePreview,
      labels: labelsFor(staff),
    })
    .from(supportConversations)
    .innerJoin(candidate, eq(candidate.id, supportConversations.candidateUserId))
    .leftJoin(assignee, eq(assignee.id, supportConversations.assignedSupportUserId))
    .where(and(isNull(supportConversations.deletedAt), where))
    .orderBy(desc(supportConversations.lastMessageAt), desc(supportConversations.id));

type ViewRow = Awaited<ReturnType<typeof viewsQuery>>[number];
const toView = (row: ViewRow): ConversationView => ({
  ...row.conversation,
  candidate: row.candidate,
  assignee: row.assignee,
  unreadCount: row.unreadCount,
  lastMessagePreview: row.lastMessagePreview,
  labels: row.labels,
});

/** Conversations as callers see them, newest activity first; `where` narrows them. */
export async function selectConversationViews(
  db: Executor,
  viewer: Viewer,
  where: SQL | undefined,
  limit: number,
  offset = 0,
): Promise<ConversationView[]> {
  const rows = await viewsQuery(db, viewer.id, isStaff(viewer), where).limit(limit).offset(offset);
  return rows.map(toView);
}

/**
 * `selectConversationViews` for the hot, fixed-shape reads: the query is built once per `shape`
 * (which must name everything that changes `where`), with `sql.placeholder`s filled from `values`;
 * `viewerId` and `limit` are placeholders too.
 */
export async function selectConversationViewsPrepared(
  db: Executor,
  viewer: Viewer,
  shape: string,
  where: () => SQL | undefined,
  values: Record<string, unknown>,
  limit: number,
): Promise<ConversationView[]> {
  const staff = isStaff(viewer);
  const query = prepared(db, `views:${staff ? "staff" : "candidate"}:${shape}`, (name) =>
    viewsQuery(db, sql.placeholder("viewerId"), staff, where())
      .limit(sql.placeholder("limit"))
      .prepare(name),
  );
  const rows = await query.execute({ ...values, viewerId: viewer.id, limit });
  return rows.map(toView);
}

/** One conversation as the viewer sees it; call after the access check. */
export async function getConversationView(
  db: Executor,
  viewer: Viewer,
  conversationId: string,
): Promise<ConversationView> {
  const [view] = await selectConversationViewsPrepared(
    db,
    viewer,
    "by-id",
    () => eq(supportConversations.id, sql.placeholder("id")),
    { id: conversationId },
    1,
  );
  if (!view) throw notFound();
  return view;
}

/** Adds the user to the conversation's participants, once. */
export async function ensureParticipant(
  db: Executor,
  conversationId: string,
  userId: string,
  participantRole: string,
) {
  await db.execute(joinConversation(sql`values (${conversationId}::uuid, ${userId}::uuid, ${participantRole}::text)`));
}

/**
 * Makes participants of the (conversation_id, user_id, participant_role) rows `who` gives, a VALUES
 * list or a query; someone who already is one stays as they were.
 */
export const joinConversation = (who: SQL) =>
  sql`insert into support_conversation_participants (conversation_id, user_id, participant_role) ${who} on conflict do nothing`;

/** Who has read how far: each participant's read marker, with the time of the message it marks. */
export async function selectReaders(db: Executor, conversationId: string) {
  const p = supportConversationParticipants;
  return db
    .select({
      userId: p.userId,
      role: p.participantRole,
      lastReadAt: p.lastReadAt,
      lastReadMessageId: p.lastReadMessageId,
      lastReadMessageAt: supportMessages.createdAt,
    })
    .from(p)
    .leftJoin(supportMessages, eq(supportMessages.id, p.lastReadMessageId))
    .where(eq(p.conversationId, conversationId));
}
