import type { ApiEnv } from "./env";
import { readApiEnv } from "./env";

/** Everything the API needs to know about its deployment, in one plain object. */
export interface ApiConfig {
  auth: {
    secret: string;
    tokenTtlSeconds: number;
    /** Sign-in attempts per IP per minute, and failed ones per account per minute. */
    signInPerIpPerMinute: number;
    signInFailuresPerAccountPerMinute: number;
    external: ExternalIssuerConfig | null;
  };
  network: {
    /** Reverse proxies whose X-Forwarded-For is believed (0: the socket's peer is the client). */
    trustedProxies: number;
  };
  /** Host sites that put the chat on their pages. */
  embed: EmbedConfig;
  limits: {
    maxMessageLength: number;
    maxSubjectLength: number;
    attachmentMimeTypes: readonly string[];
    attachmentMaxBytes: number;
    candidateMessagesPerMinute: number;
    staffMessagesPerMinute: number;
    editWindowSeconds: number;
  };
  assignment: {
    /** Assign new and reopened conversations to online agents by themselves. */
    auto: boolean;
    /** Open conversations an agent may hold before automatic assignment skips them. */
    capacity: number;
    /** How long an agent stays online after their last console disconnects. */
    presenceGraceMs: number;
  };
  webhooks: WebhookConfig;
  notifications: NotificationConfig;
}

export interface NotificationConfig {
  /** Unset: no email is sent (said once at start). */
  email: { smtpUrl: string; from: string } | null;
  /** How long a message may stay unread before its email goes. */
  emailDelayMs: number;
  /** The app's public URL, for links. */
  publicUrl: string;
  /** Where embedded candidates are sent back to, when set. */
  embedReturnUrl: string | null;
  push: PushConfig;
}

export interface PushConfig {
  /** From the environment; null: the pair kept in the database (generated once). */
  keys: { publicKey: string; privateKey: string } | null;
  subject: string;
  /** How long a message may stay unread before it is pushed. */
  delayMs: number;
}

export interface WebhookConfig {
  /** The endpoint WEBHOOK_URL configures, for every event. */
  fromEnv: { url: string; secret: string } | null;
  allowPrivateAddresses: boolean;
  timeoutMs: number;
  /** Wait before the first retry; it doubles for each later one. */
  retryBaseMs: number;
  maxAttempts: number;
}

export interface ExternalIssuerConfig {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  claims: { userId: string; email: string; name: string; role: string };
}

export interface EmbedConfig {
  /** Signs the tokens host backends mint (HS256); unset: only the external issuer's tokens work. */
  secret?: string;
  issuer?: string;
  audience?: string;
  /** The host origins: they alone may frame /embed, get CORS answers and open the WebSocket. */
  origins: readonly string[];
}

export function configFromEnv(env: ApiEnv = readApiEnv()): ApiConfig {
  const hasExternal = Boolean(env.AUTH_EXTERNAL_JWT_SECRET ?? env.AUTH_EXTERNAL_JWKS_URL);
  return {
    auth: {
      secret: env.AUTH_SECRET,
      tokenTtlSeconds: env.AUTH_TOKEN_TTL_SECONDS,
      signInPerIpPerMinute: env.AUTH_SIGN_IN_LIMIT_PER_IP,
      signInFailuresPerAccountPerMinute: env.AUTH_SIGN_IN_LIMIT_PER_ACCOUNT,
      external: hasExternal
        ? {
            secret: env.AUTH_EXTERNAL_JWT_SECRET,
            jwksUrl: env.AUTH_EXTERNAL_JWKS_URL,
            issuer: env.AUTH_EXTERNAL_ISSUER,
            audience: env.AUTH_EXTERNAL_AUDIENCE,
            claims: {
              userId: env.AUTH_EXTERNAL_CLAIM_USER_ID,
              email: env.AUTH_EXTERNAL_CLAIM_EMAIL,
              name: env.AUTH_EXTERNAL_CLAIM_NAME,
              role: env.AUTH_EXTERNAL_CLAIM_ROLE,
            },
          }
        : null,
    },
    network: { trustedProxies: env.TRUST_PROXY },
    embed: {
      secret: env.ATIENDE_EMBED_SECRET,
      issuer: env.ATIENDE_EMBED_ISSUER,
      audience: env.ATIENDE_EMBED_AUDIENCE,
      origins: [...new Set([...env.ATIENDE_EMBED_ORIGINS, ...env.WS_ALLOWED_ORIGINS])],
    },
    limits: {
      maxMessageLength: env.SUPPORT_CHAT_MAX_MESSAGE_LENGTH,
      maxSubjectLength: env.SUPPORT_CHAT_MAX_SUBJECT_LENGTH,
      attachmentMimeTypes: env.SUPPORT_CHAT_ATTACHMENT_MIMES,
      attachmentMaxBytes: env.SUPPORT_CHAT_ATTACHMENT_MAX_BYTES,
      candidateMessagesPerMinute: env.SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE,
      staffMessagesPerMinute: env.SUPPORT_CHAT_STAFF_RATE_LIMIT_PER_MINUTE,
      editWindowSeconds: env.SUPPORT_CHAT_EDIT_WINDOW_SECONDS,
    },
    assignment: {
      auto: env.SUPPORT_CHAT_AUTO_ASSIGN,
      capacity: env.SUPPORT_CHAT_AGENT_CAPACITY,
      presenceGraceMs: Math.round(env.SUPPORT_CHAT_PRESENCE_GRACE_SECONDS * 1000),
    },
    webhooks: {
      fromEnv: webhookFromEnv(env),
      allowPrivateAddresses: env.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: Math.round(env.WEBHOOK_TIMEOUT_SECONDS * 1000),
      retryBaseMs: Math.round(env.WEBHOOK_RETRY_BASE_SECONDS * 1000),
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
    },
    notifications: {
      email: emailFromEnv(env),
      emailDelayMs: Math.round(env.SUPPORT_CHAT_EMAIL_DELAY_SECONDS * 1000),
      publicUrl: env.NEXTAUTH_URL.replace(/\/+$/, ""),
      embedReturnUrl: env.ATIENDE_EMBED_RETURN_URL ?? null,
      push: {
        keys: pushKeysFromEnv(env),
        subject: env.WEB_PUSH_SUBJECT ?? pushSubjectFrom(env.NEXTAUTH_URL),
        delayMs: Math.round(env.WEB_PUSH_DELAY_SECONDS * 1000),
      },
    },
  };
}

function emailFromEnv(env: ApiEnv): NotificationConfig["email"] {
  if (!env.SMTP_URL) return null;
  if (!env.EMAIL_FROM) throw new Error("EMAIL_FROM must be set with SMTP_URL");
  return { smtpUrl: env.SMTP_URL, from: env.EMAIL_FROM };
}

function pushKeysFromEnv(env: ApiEnv): PushConfig["keys"] {
  if (!env.WEB_PUSH_PUBLIC_KEY && !env.WEB_PUSH_PRIVATE_KEY) return null;
  if (!env.WEB_PUSH_PUBLIC_KEY || !env.WEB_PUSH_PRIVATE_KEY) {
    throw new Error("WEB_PUSH_PUBLIC_KEY and WEB_PUSH_PRIVATE_KEY must be set together");
  }
  return { publicKey: env.WEB_PUSH_PUBLIC_KEY, privateKey: env.WEB_PUSH_PRIVATE_KEY };
}

/** The app's own URL when it is https (push services accept nothing else), else its postmaster. */
function pushSubjectFrom(publicUrl: string) {
  const url = new URL(publicUrl);
  return url.protocol === "https:" ? url.origin : `mailto:postmaster@${url.hostname}`;
}

function webhookFromEnv(env: ApiEnv): WebhookConfig["fromEnv"] {
  if (!env.WEBHOOK_URL && !env.WEBHOOK_SECRET) return null;
  if (!env.WEBHOOK_URL || !env.WEBHOOK_SECRET) {
    throw new Error("WEBHOOK_URL and WEBHOOK_SECRET must be set together");
  }
  return { url: env.WEBHOOK_URL, secret: env.WEBHOOK_SECRET };
}
