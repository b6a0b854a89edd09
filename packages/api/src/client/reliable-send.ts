import type { TRPCClientError, TRPCLink } from "@trpc/client";
import { retryLink } from "@trpc/client";

import type { AppRouter } from "../root";

const SEND = "message.send";

/**
 * Worth another try: no answer at all (offline, a restart, a dropped socket) or a server error
 * such as the 503 of a database outage. A 4xx is an answer: retrying would be refused again.
 */
export function isTransient(error: TRPCClientError<AppRouter>): boolean {
  const status = error.data?.httpStatus;
  return status === undefined || status >= 500;
}

/** Up to 10 s between tries, with jitter, so clients coming back after an outage spread out. */
const backoff = (attempt: number) => Math.min(10_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);

/**
 * At-least-once sending: `message.send` is retried through failures that got no answer until the
 * server acknowledges it, always with the same clientMessageId (given one here when the caller
 * gave none), so the server stores it exactly once. Put these links before the transport.
 */
export function reliableSendLinks(options: { maxAttempts?: number } = {}): TRPCLink<AppRouter>[] {
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  const withClientMessageId: TRPCLink<AppRouter> =
    () =>
    ({ op, next }) => {
      const input = op.input as { clientMessageId?: unknown } | null;
      if (op.path !== SEND || typeof input !== "object" || input === null || input.clientMessageId) return next(op);
      return next({ ...op, input: { ...input, clientMessageId: crypto.randomUUID() } });
    };
  return [
    withClientMessageId,
    retryLink<AppRouter>({
      retry: ({ op, error, attempts }) => op.path === SEND && attempts < maxAttempts && isTransient(error),
      retryDelayMs: backoff,
    }),
  ];
}
