import { QueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";

// Retrying cannot fix these: the request itself is wrong or not allowed.
const FINAL_CODES = new Set(["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]);

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => {
          const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
          return !(code && FINAL_CODES.has(code)) && failures < 3;
        },
      },
    },
  });
}
