import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

import { LOG_LEVELS } from "./log";

const DEFAULT_ATTACHMENT_MIMES = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  "text/plain",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
].join(",");

// A fixed secret is convenient for `pnpm dev` and tests; production must bring its own.
const DEV_AUTH_SECRET = "atiende-dev-secret-change-me-0123456789abcdef";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const commaList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, "not a mime type")).min(1));

/** The API's environment variables, validated; a bad value fails the start and names the variable. */
export function readApiEnv(runtimeEnv: Record<string, string | undefined> = process.env) {
  const isProduction = runtimeEnv.NODE_ENV === "production";
  return createEnv({
    server: {
      AUTH_SECRET: isProduction
        ? z.string().min(32, "AUTH_SECRET must be at least 32 characters in production")
        : z.string().min(32).default(DEV_AUTH_SECRET),
      // Bearer tokens are short-lived: at most a day.
      AUTH_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().max(86_400).default(3600),
      /** Sign-in attempts (token endpoint and sign-in form) per IP address per minute. */
      AUTH_SIGN_IN_LIMIT_PER_IP: positiveInt(30),
      /** Failed sign-in attempts per account per minute; past them the account waits. */
      AUTH_SIGN_IN_LIMIT_PER_ACCOUNT: positiveInt(10),
      AUTH_EXTERNAL_JWT_SECRET: z.string().min(16).optional(),
      AUTH_EXTERNAL_JWKS_URL: z.url().optional(),
      AUTH_EXTERNAL_ISSUER: z.string().optional(),
      AUTH_EXTERNAL_AUDIENCE: z.string().optional(),
      AUTH_EXTERNAL_CLAIM_USER_ID: z.string().default("sub"),
      AUTH_EXTERNAL_CLAIM_EMAIL: z.string().default("email"),
      AUTH_EXTERNAL_CLAIM_NAME: z.string().default("name"),
      AUTH_EXTERNAL_CLAIM_ROLE: z.string().default("role"),
      /**
       * Reverse proxies in front of the app whose X-Forwarded-For is believed: `false` (none, the
       * default: the socket's address is the client's), `true` (one) or a number of hops.
       */
      TRUST_PROXY: z
        .string()
        .default("false")
        .transform((value) => (value === "true" ? 1 : value === "false" ? 0 : Number(value)))
        .pipe(z.number({ error: "TRUST_PROXY must be true, false or a number of proxies" }).int().min(0).max(10)),
      SUPPORT_CHAT_MAX_MESSAGE_LENGTH: positiveInt(4000),
      SUPPORT_CHAT_MAX_SUBJECT_LENGTH: positiveInt(255),
      SUPPORT_CHAT_ATTACHMENT_MIMES: commaList.default(commaList.parse(DEFAULT_ATTACHMENT_MIMES)),
      SUPPORT_CHAT_ATTACHMENT_MAX_BYTES: positiveInt(10 * 1024 * 1024),
      SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: positiveInt(10),
      SUPPORT_CHAT_STAFF_RATE_LIMIT_PER_MINUTE: positiveInt(120),
      /** How long after sending a person may still correct their message. */
      SUPPORT_CHAT_EDIT_WINDOW_SECONDS: positiveInt(900),
      SUPPORT_CHAT_AUTO_ASSIGN: z
        .enum(["true", "false"], { error: "SUPPORT_CHAT_AUTO_ASSIGN must be true or false" })
        .default("true")
        .transform((value) => value === "true"),
      SUPPORT_CHAT_AGENT_CAPACITY: positiveInt(5),
      // Fractions allowed so tests can use a short grace period.
      SUPPORT_CHAT_PRESENCE_GRACE_SECONDS: z.coerce.number().positive().max(3600).default(15),
      /** Folder of uploaded attachments on local disk; relative paths start at the repo root. */
      UPLOADS_DIR: z.string().default(".data/uploads"),
      UPLOADS_RATE_LIMIT_PER_MINUTE: positiveInt(20),
      // Set the bucket to keep uploads in S3-compatible storage instead of on disk.
      UPLOADS_S3_BUCKET: z.string().optional(),
      UPLOADS_S3_REGION: z.string().default("us-east-1"),
      UPLOADS_S3_ENDPOINT: z.url().optional(),
      UPLOADS_S3_ACCESS_KEY_ID: z.string().optional(),
      UPLOADS_S3_SECRET_ACCESS_KEY: z.string().optional(),
      UPLOADS_S3_FORCE_PATH_STYLE: z
        .enum(["true", "false"])
        .optional()
        .transform((value) => (value === undefined ? undefined : value === "true")),
      UPLOADS_S3_URL_TTL_SECONDS: z.coerce.number().int().min(1).max(604_800).default(300),
      LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
    },
    runtimeEnv,
    emptyStringAsUndefined: true,
  });
}

export type ApiEnv = ReturnType<typeof readApiEnv>;

/** Whether this process runs as production (`next build` and `next start` set NODE_ENV so). */
export const isProductionEnv = (runtimeEnv: Record<string, string | undefined> = process.env) =>
  runtimeEnv.NODE_ENV === "production";
