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

const originList = z
  .string()
  .default("")
  .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean))
  .pipe(
    z.array(
      z.url().refine((origin) => new URL(origin).origin === origin, {
        error: "an origin is scheme://host[:port], nothing more (no path, no trailing slash)",
      }),
    ),
  );

/** The API's environment variables, validated; a bad value fails the start and names the variable. */
export function readApiEnv(runtimeEnv: Record<string, string | undefined> = process.env) {
  // `next build` loads the route modules (and so this) to collect their configuration. An image
  // is built without secrets: production's requirements are checked when the server starts.
  const isBuild = runtimeEnv.NEXT_PHASE === "phase-production-build";
  const isProduction = runtimeEnv.NODE_ENV === "production" && !isBuild;
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
      /** Signs (HS256) the tokens a host site's backend mints for its signed-in users (the embed). */
      ATIENDE_EMBED_SECRET: z.string().min(32, "ATIENDE_EMBED_SECRET must be at least 32 characters").optional(),
      /** Required `iss` / `aud` of those tokens, when set. */
      ATIENDE_EMBED_ISSUER: z.string().optional(),
      ATIENDE_EMBED_AUDIENCE: z.string().optional(),
      /**
       * Host sites (origins, comma-separated) that may frame the chat, call the API from their
       * pages and open its WebSocket. WS_ALLOWED_ORIGINS, its older name, is merged in.
       */
      ATIENDE_EMBED_ORIGINS: originList,
      WS_ALLOWED_ORIGINS: originList,
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
      /** One endpoint for every event, for deployments that need no more (with WEBHOOK_SECRET). */
      WEBHOOK_URL: z.url({ protocol: /^https?$/, error: "WEBHOOK_URL must be an http(s) URL" }).optional(),
      WEBHOOK_SECRET: z.string().min(16, "WEBHOOK_SECRET must be at least 16 characters").optional(),
      // Loopback, private and link-local endpoints are refused unless this is set (tests, intranets).
      WEBHOOK_ALLOW_PRIVATE: z
        .enum(["true", "false"], { error: "WEBHOOK_ALLOW_PRIVATE must be true or false" })
        .default("false")
        .transform((value) => value === "true"),
      WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().max(60).default(10),
      /** The first retry's wait; each later one doubles it. */
      WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(60),
      WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(11),
      /** The app's public URL: links in emails point there. */
      NEXTAUTH_URL: z.url().default("http://localhost:3000"),
      /** Emails go out through this SMTP server (nodemailer URL); unset: no email at all. */
      SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
      EMAIL_FROM: z.string().min(3).optional(),
      // Fractions allowed so tests can use a short delay.
      SUPPORT_CHAT_EMAIL_DELAY_SECONDS: z.coerce.number().min(0).max(86_400).default(120),
      /** Where an email sends a candidate who chats from a host site (they have no password here). */
      ATIENDE_EMBED_RETURN_URL: z.url({ protocol: /^https?$/, error: "ATIENDE_EMBED_RETURN_URL must be an http(s) URL" }).optional(),
      /**
       * The VAPID key pair Web Push is signed with (base64url, as `web-push generate-vapid-keys`
       * prints them); both or neither. Unset: a pair is generated once and kept in the database.
       */
      WEB_PUSH_PUBLIC_KEY: z.string().regex(/^[\w-]{87}$/, "WEB_PUSH_PUBLIC_KEY must be a base64url P-256 public key (87 characters)").optional(),
      WEB_PUSH_PRIVATE_KEY: z.string().regex(/^[\w-]{43}$/, "WEB_PUSH_PRIVATE_KEY must be a base64url P-256 private key (43 characters)").optional(),
      /** Whom push services may contact about our pushes: a mailto: or https: URL. */
      WEB_PUSH_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)\S+$/, "WEB_PUSH_SUBJECT must be a mailto: or https:// URL").optional(),
      // How long a message may stay unread before it is pushed: a tab showing it reads it first.
      WEB_PUSH_DELAY_SECONDS: z.coerce.number().min(0).max(3600).default(10),
    },
    runtimeEnv,
    emptyStringAsUndefined: true,
  });
}

export type ApiEnv = ReturnType<typeof readApiEnv>;

/** Whether this process runs as production (`next build` and `next start` set NODE_ENV so). */
export const isProductionEnv = (runtimeEnv: Record<string, string | undefined> = process.env) =>
  runtimeEnv.NODE_ENV === "production";
