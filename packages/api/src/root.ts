import { authRouter } from "./routers/auth";
import { conversationRouter } from "./routers/conversation";
import { messageRouter } from "./routers/message";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  conversation: conversationRouter,
  message: messageRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
