import type { Executor } from "@atiende/db";
import { and, asc, eq, isNull, or, sql, supportSavedReplies } from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { recordEvent } from "../../domain/audit";
import { notFound, texts } from "../../domain/errors";
import { createTRPCRouter, staffProcedure } from "../../trpc";
import { ZCreateSavedReplyInput, ZSavedReplyIdInput, ZUpdateSavedReplyInput } from "./schemas";

const r = supportSavedReplies;
const live = isNull(r.deletedAt);
/** The team's replies and the viewer's own: another agent's personal replies do not exist for them. */
const visibleTo = (viewerId: string) => and(live, or(isNull(r.ownerUserId), eq(r.ownerUserId, viewerId)));
const sameOwner = (ownerUserId: string | null) => (ownerUserId ? eq(r.ownerUserId, ownerUserId) : isNull(r.ownerUserId));

/**
 * A shortcut names one reply at a time per owner (the team being one), ignoring case; deleted
 * replies free theirs. A personal reply may share a team reply's shortcut: it wins in its owner's
 * composer.
 */
async function ensureShortcutFree(db: Executor, shortcut: string, ownerUserId: string | null, exceptId?: string) {
  // Two agents saving the same shortcut at once queue here, so the second gets a clear conflict
  // instead of the unique index's error.
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`saved_reply:${ownerUserId ?? "team"}:${shortcut.toLowerCase()}`}))`);
  const [taken] = await db
    .select({ id: r.id })
    .from(r)
    .where(and(live, sameOwner(ownerUserId), sql`lower(${r.shortcut}) = lower(${shortcut})`));
  if (taken && taken.id !== exceptId) {
    throw new TRPCError({ code: "CONFLICT", message: texts.shortcutTaken(shortcut) });
  }
}

/**
 * Canned responses: the team's, which every staff member edits, and each agent's personal ones.
 * Removing one hides it; its history stays in the table and audit log.
 */
export const savedReplyRouter = createTRPCRouter({
  list: staffProcedure.query(({ ctx }) =>
    ctx.db
      .select()
      .from(r)
      .where(visibleTo(ctx.viewer.id))
      .orderBy(asc(sql`lower(${r.shortcut})`), sql`${r.ownerUserId} is null`),
  ),
  create: staffProcedure.input(ZCreateSavedReplyInput).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const { personal, ...fields } = input;
      const ownerUserId = personal ? ctx.viewer.id : null;
      await ensureShortcutFree(tx, fields.shortcut, ownerUserId);
      const [reply] = await tx.insert(r).values({ ...fields, ownerUserId, createdByUserId: ctx.viewer.id }).returning();
      if (!reply) throw new Error("The saved reply insert returned no row");
      await recordEvent(tx, { actorUserId: ctx.viewer.id, action: "saved_reply.created", data: { id: reply.id, ...input } });
      return reply;
    }),
  ),
  update: staffProcedure.input(ZUpdateSavedReplyInput).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const [current] = await tx.select().from(r).where(and(eq(r.id, input.id), visibleTo(ctx.viewer.id))).for("update");
      if (!current) throw notFound(texts.savedReplyNotFound);
      if (input.shortcut) await ensureShortcutFree(tx, input.shortcut, current.ownerUserId, current.id);
      const [reply] = await tx
        .update(r)
        .set({ shortcut: input.shortcut ?? current.shortcut, content: input.content ?? current.content, updatedAt: new Date() })
        .where(eq(r.id, current.id))
        .returning();
      await recordEvent(tx, {
        actorUserId: ctx.viewer.id,
        action: "saved_reply.updated",
        data: { id: current.id, previous: { shortcut: current.shortcut, content: current.content } },
      });
      return reply;
    }),
  ),
  remove: staffProcedure.input(ZSavedReplyIdInput).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const [removed] = await tx
        .update(r)
        .set({ deletedAt: new Date() })
        .where(and(eq(r.id, input.id), visibleTo(ctx.viewer.id)))
        .returning({ id: r.id });
      if (!removed) throw notFound(texts.savedReplyNotFound);
      await recordEvent(tx, { actorUserId: ctx.viewer.id, action: "saved_reply.removed", data: { id: removed.id } });
      return { id: removed.id };
    }),
  ),
});
