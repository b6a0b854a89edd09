import { authRouter } from "./routers/auth";
import { conversationRouter } from "./routers/conversation";
import { liveRouter } from "./routers/live";
import { messageRouter } from "./routers/message";
import { metricsRouter } from "./routers/metrics";
import { savedReplyRouter } from "./routers/saved-reply";
import { userRouter } from "./routers/user";
import { webhookRouter } from "./routers/webhook";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  conversation: conversationRouter,
  message: messageRouter,
  live: liveRouter,
  metrics: metricsRouter,
  savedReply: savedReplyRouter,
  user: userRouter,
  webhook: webhookRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
