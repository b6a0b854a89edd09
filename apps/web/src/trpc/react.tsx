"use client";

import type { AppRouter } from "@atiende/api";
import type { QueryClient } from "@tanstack/react-query";
import { QueryClientProvider } from "@tanstack/react-query";
import { httpBatchStreamLink, loggerLink, splitLink, wsLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import type { ReactNode } from "react";
import { useState } from "react";
import superjson from "superjson";

import { getWebSocketClient } from "./connection";
import { createQueryClient } from "./query-client";

export const api = createTRPCReact<AppRouter>();

let browserQueryClient: QueryClient | undefined;
// One client per browser tab; a new one per server render so users never share a cache.
const getQueryClient = () =>
  typeof window === "undefined" ? createQueryClient() : (browserQueryClient ??= createQueryClient());

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    api.createClient({
      links: [
        loggerLink({ enabled: (op) => op.direction === "down" && op.result instanceof Error }),
        // Subscriptions only exist in the browser; a server render has no socket to open.
        typeof window === "undefined"
          ? httpBatchStreamLink({ transformer: superjson, url: "/api/trpc" })
          : splitLink({
              condition: (op) => op.type === "subscription",
              true: wsLink({ client: getWebSocketClient(), transformer: superjson }),
              false: httpBatchStreamLink({ transformer: superjson, url: "/api/trpc" }),
            }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <api.Provider client={trpcClient} queryClient={queryClient}>
        {children}
      </api.Provider>
    </QueryClientProvider>
  );
}
