import { getNotificationSettings, updateNotificationSettings } from "../../notifications/settings";
import { createTRPCRouter, protectedProcedure } from "../../trpc";
import { ZUpdateNotificationSettingsInput } from "./schemas";

/** Each person's own notification settings: whether unread messages are emailed, and in which language. */
export const notificationRouter = createTRPCRouter({
  settings: protectedProcedure.query(({ ctx }) => getNotificationSettings(ctx.db, ctx.viewer.id)),
  update: protectedProcedure
    .input(ZUpdateNotificationSettingsInput)
    .mutation(({ ctx, input }) => updateNotificationSettings(ctx.db, ctx.viewer.id, input, ctx.viewer.id)),
});
