import type { IncomingMessage, ServerResponse } from "node:http";

import type { User } from "@atiende/db";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";

import { rethrowAsOutage } from "../domain/outage";
import { appRouter } from "../root";
import type { ApiServices } from "../trpc";
import { createInnerContext } from "../trpc";

export const HTTP_PATH = "/api/trpc";

export interface HttpOptions {
  services: ApiServices;
  /** Who is calling: a bearer token when one is sent (and then only it), else the session. */
  authenticate: (request: IncomingMessage) => Promise<User | null>;
  onInternalError?: (error: unknown, path: string | undefined) => void;
}

/**
 * tRPC over HTTP for Node's own server: queries, mutations (batched, streamed) and subscriptions as
 * Server-Sent Events for networks that block WebSockets.
 */
export function createTrpcHttpHandler(options: HttpOptions) {
  const handler = createHTTPHandler({
    router: appRouter,
    basePath: `${HTTP_PATH}/`,
    maxBodySize: 1024 * 1024,
    createContext: async ({ req }) => {
      // Taken before the database is asked: a revocation published after it ends SSE streams.
      const authenticatedAt = Date.now();
      // Finding out who calls reads the database: an outage there is a 503 too.
      const user = await options.authenticate(req).catch(rethrowAsOutage);
      return createInnerContext(options.services, user, authenticatedAt);
    },
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") options.onInternalError?.(error.cause ?? error, path);
    },
  });
  return (request: IncomingMessage, response: ServerResponse) => handler(request, response);
}

export const isTrpcHttpPath = (url: string | undefined) =>
  Boolean(url && (url === HTTP_PATH || url.startsWith(`${HTTP_PATH}/`) || url.startsWith(`${HTTP_PATH}?`)));
