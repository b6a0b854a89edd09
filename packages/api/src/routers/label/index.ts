import type { Executor } from "@atiende/db";
import { and, asc, eq, isNull, sql, supportLabels } from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { recordEvent } from "../../domain/audit";
import { notFound, texts } from "../../domain/errors";
import { adminProcedure, createTRPCRouter, staffProcedure } from "../../trpc";
import { attach, detach } from "./on-conversation";
import { ZConversationLabelInput, ZCreateLabelInput, ZLabelIdInput, ZUpdateLabelInput } from "./schemas";

const l = supportLabels;
const live = isNull(l.deletedAt);
const view = { id: l.id, name: l.name, color: l.color };

/** A name labels one thing at a time (case-insensitive); removed labels free theirs. */
async function ensureNameFree(db: Executor, name: string, exceptId?: string) {
  // Two admins saving the same name at once queue here: the second gets a clear conflict.
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`label:${name.toLowerCase()}`}))`);
  const [taken] = await db.select({ id: l.id }).from(l).where(and(live, sql`lower(${l.name}) = lower(${name})`));
  if (taken && taken.id !== exceptId) throw new TRPCError({ code: "CONFLICT", message: texts.labelTaken(name) });
}

/**
 * Labels: admins define them (name and colour); staff put them on conversations and take them
 * off. Removing a label hides it everywhere; its rows and history stay.
 */
export const labelRouter = createTRPCRouter({
  list: staffProcedure.query(({ ctx }) => ctx.db.select(view).from(l).where(live).orderBy(asc(sql`lower(${l.name})`))),
  create: adminProcedure.input(ZCreateLabelInput).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      await ensureNameFree(tx, input.name);
      const [label] = await tx.insert(l).values({ ...input, createdByUserId: ctx.viewer.id }).returning(view);
      if (!label) throw new Error("The label insert returned no row");
      await recordEvent(tx, { actorUserId: ctx.viewer.id, action: "label.created", data: { labelId: label.id, ...input } });
      return label;
    }),
  ),
  update: adminProcedure.input(ZUpdateLabelInput).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const [current] = await tx.select().from(l).where(and(eq(l.id, input.id), live)).for("update");
      if (!current) throw notFound(texts.labelNotFound);
      if (input.name) await ensureNameFree(tx, input.name, current.id);
      const [label] = await tx
        .update(l)
        .set({ name: input.name ?? current.name, color: input.color ?? current.color, updatedAt: new Date() })
        .where(eq(l.id, current.id))
        .returning(view);
      await recordEvent(tx, {
        actorUserId: ctx.viewer.id,
        action: "label.updated",
        data: { labelId: current.id, previous: { name: current.name, color: current.color } },
      });
      return label;
    }),
  ),
  remove: adminProcedure.input(ZLabelIdInput).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const [removed] = await tx
        .update(l)
        .set({ deletedAt: new Date() })
        .where(and(eq(l.id, input.id), live))
        .returning({ id: l.id });
      if (!removed) throw notFound(texts.labelNotFound);
      await recordEvent(tx, { actorUserId: ctx.viewer.id, action: "label.removed", data: { labelId: removed.id } });
      return removed;
    }),
  ),
  attach: staffProcedure.input(ZConversationLabelInput).mutation(({ ctx, input }) => attach(ctx, input)),
  detach: staffProcedure.input(ZConversationLabelInput).mutation(({ ctx, input }) => detach(ctx, input)),
});
