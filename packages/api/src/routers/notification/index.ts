import { TRPCError } from "@trpc/server";

import { texts } from "../../domain/errors";
import { getNotificationSettings, subscribePush, unsubscribePush, updateNotificationSettings, vapidKeys } from "../../notifications";
import { createTRPCRouter, protectedProcedure } from "../../trpc";
import { refusesInternal } from "../../webhooks/address";
import { ZSubscribePushInput, ZUnsubscribePushInput, ZUpdateNotificationSettingsInput } from "./schemas";

/**
 * Each person's own notification settings: whether unread messages are emailed, in which language,
 * and which of their browsers get pushes. Everything acts on the caller's own rows only.
 */
export const notificationRouter = createTRPCRouter({
  settings: protectedProcedure.query(({ ctx }) => getNotificationSettings(ctx.db, ctx.viewer.id)),
  update: protectedProcedure
    .input(ZUpdateNotificationSettingsInput)
    .mutation(({ ctx, input }) => updateNotificationSettings(ctx.db, ctx.viewer.id, input, ctx.viewer.id)),
  /** The key browsers need to subscribe (`applicationServerKey`): public by nature. */
  pushKey: protectedProcedure.query(async ({ ctx }) => ({
    publicKey: (await vapidKeys(ctx.db, ctx.config.notifications.push)).publicKey,
  })),
  subscribePush: protectedProcedure.input(ZSubscribePushInput).mutation(async ({ ctx, input }) => {
    // The server POSTs to this address: never one inside our network (as for webhooks).
    if (!ctx.config.webhooks.allowPrivateAddresses && (await refusesInternal(new URL(input.endpoint)))) {
      throw new TRPCError({ code: "BAD_REQUEST", message: texts.pushInternalAddress });
    }
    return subscribePush(ctx.db, ctx.viewer.id, input);
  }),
  unsubscribePush: protectedProcedure
    .input(ZUnsubscribePushInput)
    .mutation(({ ctx, input }) => unsubscribePush(ctx.db, ctx.viewer.id, input.endpoint)),
});
