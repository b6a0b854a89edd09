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
}

export interface ExternalIssuerConfig {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  claims: { userId: string; email: string; name: string; role: string };
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
  };
}
