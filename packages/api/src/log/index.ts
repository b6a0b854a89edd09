import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

import type { DestinationStream, Logger } from "pino";
import { pino } from "pino";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// server.ts and Next's route bundles load separate copies of this module; one process must share
// one request scope (or a route handler would not see the id) and one logger.
const globalForLog = globalThis as unknown as {
  atiendeRequestScope?: AsyncLocalStorage<{ requestId: string }>;
  atiendeLogger?: Logger;
};
const requestScope = (globalForLog.atiendeRequestScope ??= new AsyncLocalStorage());

/** Runs `fn` with `requestId` on every log line written while it (and what it starts) runs. */
export const withRequestId = <T>(requestId: string, fn: () => T): T =>
  requestScope.run({ requestId }, fn);

export const currentRequestId = (): string | undefined => requestScope.getStore()?.requestId;

const SANE_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** A caller's `x-request-id` when it is short and plain (it ends up in logs), else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

/**
 * Never in a log line: credentials, and what people write to each other. Error messages are
 * cleaned separately (see `serializeError`).
 */
export const REDACTED_PATHS = [
  "password",
  "token",
  "content",
  "authorization",
  "cookie",
  "connectionParams",
  "*.password",
  "*.token",
  "*.accessToken",
  "*.secret",
  "*.content",
  "*.authorization",
  "*.cookie",
  "*.connectionParams",
  "*.headers.authorization",
  "*.headers.cookie",
  '*.headers["set-cookie"]',
  "*.message.content",
];

/**
 * An error as a log field: type, code, message, stack frames and causes. Drizzle puts a failed
 * query's parameters (message texts, password hashes) in its message; they are cut off, and the
 * stack keeps only its frames, since its first line repeats the message.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error))
    return { type: typeof error, message: "a non-Error value was thrown" };
  const code = (error as { code?: unknown }).code;
  const frames = error.stack
    ?.split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .slice(0, 12)
    .join("\n");
  return {
    type: error.name,
    message: error.message.replace(/\nparams:[\s\S]*$/, "\nparams: [redacted]").slice(0, 2000),
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    ...(frames ? { stack: frames } : {}),
    ...(error.cause !== undefined && depth < 4
      ? { cause: serializeError(error.cause, depth + 1) }
      : {}),
  };
}

/** A JSON logger: one object per line, ISO time, the current request's id, nothing secret. */
export function createLogger(
  options: { level?: LogLevel; destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? "info",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: serializeError, error: serializeError },
    },
    options.destination,
  );
}

/** The process's logger, as `setLogger` left it (server.ts sets it up once); silent until then. */
export function getLogger(): Logger {
  return (globalForLog.atiendeLogger ??= createLogger({ level: "silent" }));
}

export function setLogger(logger: Logger) {
  globalForLog.atiendeLogger = logger;
}
