import { businessHours } from "@atiende/db";

import { readBusinessHours, TEAM_HOURS } from "../../business-hours/store";
import { recordEvent } from "../../domain/audit";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../../trpc";
import { ZSetBusinessHoursInput } from "./schemas";

/**
 * The team's business hours. Everyone signed in reads them (the candidate's chat works out "we are
 * back at …" from them on the browser's clock); only admins change them, audited.
 */
export const businessHoursRouter = createTRPCRouter({
  get: protectedProcedure.query(({ ctx }) => readBusinessHours(ctx.db)),
  set: adminProcedure.input(ZSetBusinessHoursInput).mutation(async ({ ctx, input }) => {
    const { autoReply, ...hours } = input;
    const values = {
      ...hours,
      ...(autoReply ? { autoReplyEnabled: autoReply.enabled, autoReplyEs: autoReply.es, autoReplyEn: autoReply.en } : {}),
      updatedByUserId: ctx.viewer.id,
      updatedAt: new Date(),
    };
    await ctx.db.transaction(async (tx) => {
      await tx.insert(businessHours).values({ id: TEAM_HOURS, ...values }).onConflictDoUpdate({ target: businessHours.id, set: values });
      await recordEvent(tx, { actorUserId: ctx.viewer.id, action: "business_hours.updated", data: input });
    });
    return readBusinessHours(ctx.db);
  }),
});
