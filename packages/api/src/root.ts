import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { businessHoursRouter } from "./routers/business-hours";
import { conversationRouter } from "./routers/conversation";
import { labelRouter } from "./routers/label";
import { liveRouter } from "./routers/live";
import { messageRouter } from "./routers/message";
import { metricsRouter } from "./routers/metrics";
import { notificationRouter } from "./routers/notification";
import { savedReplyRouter } from "./routers/saved-reply";
import { teamRouter } from "./routers/team";
import { userRouter } from "./routers/user";
import { webhookRouter } from "./routers/webhook";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  audit: auditRouter,
  auth: authRouter,
  businessHours: businessHoursRouter,
  conversation: conversationRouter,
  message: messageRouter,
  label: labelRouter,
  live: liveRouter,
  metrics: metricsRouter,
  notification: notificationRouter,
  savedReply: savedReplyRouter,
  team: teamRouter,
  user: userRouter,
  webhook: webhookRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
