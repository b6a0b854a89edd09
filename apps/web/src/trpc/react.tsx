"use client";

import type { AppRouter } from "@atiende/api";
import { reliableSendLinks } from "@atiende/api/client";
import { CONNECTION_ID_HEADER } from "@atiende/api/contract";
import type { QueryClient } from "@tanstack/react-query";
import { QueryClientProvider } from "@tanstack/react-query";
import { httpBatchStreamLink, httpLink, httpSubscriptionLink, loggerLink, splitLink, wsLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import type { ReactNode } from "react";
import { Fragment, useState } from "react";
import superjson from "superjson";

import { bearerHeaders, usesBearerTokens } from "./bearer";
import { getTransport, getWebSocketClient, TAB_CONNECTION_ID, useTransport } from "./connection";
import { createQueryClient } from "./query-client";

export const api = createTRPCReact<AppRouter>();

let browserQueryClient: QueryClient | undefined;
// One client per browser tab; a new one per server render so users never share a cache.
const getQueryClient = () =>
  typeof window === "undefined" ? createQueryClient() : (browserQueryClient ??= createQueryClient());

// With bearer tokens (the embedded chat) no cookie travels at all, so none can speak for the caller.
const cookieFreeFetch: typeof fetch = (input, init) => fetch(input, { ...init, credentials: "omit" });

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  // Moving to SSE remounts the pages, so every live view subscribes again over the new transport
  // (each resumes from what it has; drafts live in the browser's storage).
  const transport = useTransport();
  const [trpcClient] = useState(() => {
    const http = {
      transformer: superjson,
      url: "/api/trpc",
      ...(usesBearerTokens() ? { headers: bearerHeaders, fetch: cookieFreeFetch } : {}),
    };
    // A message this tab sends is not echoed back to its socket (see connection.ts).
    const mutationHttp = {
      ...http,
      headers: async () => ({
        ...(usesBearerTokens() ? await bearerHeaders() : {}),
        [CONNECTION_ID_HEADER]: TAB_CONNECTION_ID,
      }),
    };
    return api.createClient({
      links: [
        loggerLink({ enabled: (op) => op.direction === "down" && op.result instanceof Error }),
        // A message being sent stays "sending" through a dropped connection or a restart, and is
        // stored once when it gets through.
        ...reliableSendLinks(),
        // Subscriptions only exist in the browser; a server render has no socket to open.
        typeof window === "undefined"
          ? httpBatchStreamLink(http)
          : splitLink({
              condition: (op) => op.type === "subscription",
              true: splitLink({
                condition: () => getTransport() === "websocket",
                true: wsLink({ client: getWebSocketClient(), transformer: superjson }),
                false: httpSubscriptionLink({ transformer: superjson, url: "/api/trpc" }),
              }),
              // A mutation (a message sent) is its own plain JSON request, which the server
              // answers on its lean path; queries are batched and streamed as they resolve.
              false: splitLink({
                condition: (op) => op.type === "mutation",
                true: httpLink(mutationHttp),
                false: httpBatchStreamLink(http),
              }),
            }),
      ],
    });
  });
  return (
    <QueryClientProvider client={queryClient}>
      <api.Provider client={trpcClient} queryClient={queryClient}>
        <Fragment key={transport}>{children}</Fragment>
      </api.Provider>
    </QueryClientProvider>
  );
}
