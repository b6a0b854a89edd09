import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import type { AppRouter } from "./root";

export { appRouter, createCaller, type AppRouter } from "./root";
export { createInnerContext, type ApiServices, type InnerContext } from "./trpc";
export { configFromEnv, type ApiConfig } from "./config";
export { readApiEnv, type ApiEnv } from "./env";
export {
  authenticateWithPassword,
  credentialUser,
  findUserById,
  verifyBearer,
  type BearerIdentity,
} from "./auth/identity";
export { issueToken, type IssuedToken } from "./auth/token";
export { exchangeEmbedToken, verifyEmbedToken, EMBED_TOKEN_MAX_SECONDS, type EmbedIdentity } from "./auth/embed";
export { CLIENT_IP_HEADER } from "./auth/client-ip";
export { admitSignIn, recordFailedSignIn, signInWithPassword, type SignInAttempt } from "./auth/sign-in";
export { RateLimitedError } from "./domain/errors";
export { texts } from "./domain/errors";
export { isDatabaseUnavailable } from "./domain/outage";
export type { ConversationEvent } from "./realtime/conversation-events";
export type { InboxEvent } from "./realtime/inbox-events";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
