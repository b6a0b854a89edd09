import { TRPCError } from "@trpc/server";

import { texts } from "./errors";

// postgres.js and Node report a lost or refused connection with these codes; PostgreSQL itself
// with SQLSTATE class 08 (connection exception) and 57P01–57P03 (shutting down, starting up).
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/**
 * Whether an error (or anything in its `cause` chain: drizzle wraps the driver's error) means the
 * database cannot be reached right now, as opposed to a query that is wrong.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth += 1) {
    if (typeof current !== "object") return false;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08")))
      return true;
    // AggregateError (a host with several addresses, all refused) carries one error per attempt.
    const { errors } = current as { errors?: unknown };
    if (Array.isArray(errors) && errors.length > 0 && errors.every(isDatabaseUnavailable))
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** What a caller gets while the database is out: 503, retry later, nothing was stored. */
export const serviceUnavailable = (cause?: unknown) =>
  new TRPCError({ code: "SERVICE_UNAVAILABLE", message: texts.databaseUnavailable, cause });

/** Rethrows a database outage as SERVICE_UNAVAILABLE; anything else unchanged. */
export function asOutage(error: unknown): unknown {
  if (error instanceof TRPCError && error.code === "SERVICE_UNAVAILABLE") return error;
  return isDatabaseUnavailable(error) ? serviceUnavailable(error) : error;
}

/** For `.catch()`: a database outage goes on as SERVICE_UNAVAILABLE, anything else unchanged. */
export function rethrowAsOutage(error: unknown): never {
  throw asOutage(error);
}

/** Retry after a database outage, in ms: often enough to recover quickly, rare enough to be cheap. */
export const OUTAGE_RETRY_MS = 1000;
