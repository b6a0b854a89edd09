import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

import { RateLimitedError, texts } from "../domain/errors";
import { asOutage } from "../domain/outage";

/** What a 503 suggests: long enough for a database restart, short enough not to lose the user. */
const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** The contract's fixed wording for these statuses. */
export const restTexts = {
  unauthorized: texts.unauthorized,
  forbidden: "No tienes permisos para acceder a esta sesión de chat",
  notFound: "Sesión de chat no encontrada",
  activeSessionExists: "Ya tienes una sesión de chat activa",
  noActiveSession: "No tienes una sesión de chat activa",
  invalidJson: "El cuerpo de la petición no es JSON válido",
  tooLarge: "El cuerpo de la petición es demasiado grande",
  internal: texts.internal,
} as const;

const STATUS: Partial<Record<TRPCError["code"], number>> = {
  BAD_REQUEST: 400,
  PARSE_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

export interface RestErrorResponse {
  status: number;
  body: { success: false; message: string | string[]; errors?: Record<string, string[]> };
  headers: Record<string, string>;
}

/**
 * Turns anything a REST handler threw into the contract's error envelope. Validation errors list
 * every message, by field (renamed to the contract's field names); unknown errors say nothing of
 * their internals.
 */
export function toRestError(thrown: unknown, fieldNames: Record<string, string> = {}): RestErrorResponse {
  const error = asOutage(thrown);
  const zodError = error instanceof ZodError ? error : error instanceof TRPCError && error.cause instanceof ZodError ? error.cause : null;
  if (zodError) {
    const errors: Record<string, string[]> = {};
    for (const issue of zodError.issues) {
      const path = issue.path.map(String).join(".") || "body";
      const field = fieldNames[path] ?? path;
      (errors[field] ??= []).push(issue.message);
    }
    return {
      status: 400,
      body: { success: false, message: zodError.issues.map((issue) => issue.message), errors },
      headers: {},
    };
  }
  if (!(error instanceof TRPCError)) return internal();
  const status = STATUS[error.code];
  if (!status) return internal();
  const headers: Record<string, string> = {};
  if (error.cause instanceof RateLimitedError) headers["Retry-After"] = String(error.cause.retryAfterSeconds);
  if (status === 503) headers["Retry-After"] = String(OUTAGE_RETRY_AFTER_SECONDS);
  const fixed: Partial<Record<number, string>> = {
    401: restTexts.unauthorized,
    403: restTexts.forbidden,
    404: restTexts.notFound,
  };
  const message = fixed[status] ?? error.message;
  return {
    status,
    body: status === 400 ? { success: false, message: [message], errors: {} } : { success: false, message },
    headers,
  };
}

const internal = (): RestErrorResponse => ({
  status: 500,
  body: { success: false, message: restTexts.internal },
  headers: {},
});
