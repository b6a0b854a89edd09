import type { JWTPayload, JWTVerifyGetKey } from "jose";
import { createRemoteJWKSet, jwtVerify, SignJWT } from "jose";

import type { ApiConfig, ExternalIssuerConfig } from "../config";

const ISSUER = "atiende";
const AUDIENCE = "atiende-api";
const ISSUED_AT_MS = "iat_ms";

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

const secretKey = (secret: string) => new TextEncoder().encode(secret);

/**
 * Signs an API token (HS256) for a user id; the role is read from the database on each use. It
 * lives `ttlSeconds` (default: AUTH_TOKEN_TTL_SECONDS).
 */
export async function issueToken(
  userId: string,
  config: ApiConfig,
  ttlSeconds = config.auth.tokenTtlSeconds,
): Promise<IssuedToken> {
  const issuedAt = Date.now();
  const expiresAt = new Date(issuedAt + ttlSeconds * 1000);
  // `iat` has whole seconds; the milliseconds tell a token from a password change in the same second.
  const token = await new SignJWT({ [ISSUED_AT_MS]: issuedAt })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(secretKey(config.auth.secret));
  return { token, expiresAt };
}

export interface OwnTokenClaims {
  userId: string;
  issuedAtMs?: number;
  expiresAt?: Date;
}

/** Tokens whose signature has been checked, per signing secret; the oldest go first past the bound. */
const verified = new Map<string, Map<string, OwnTokenClaims>>();
const MAX_VERIFIED = 10_000;

/**
 * The user id, issue time and expiry in one of our tokens, or null for anything forged, expired or
 * malformed. A token's signature is checked once (~50 µs of CPU, on every call a browser or client
 * makes with it) and its claims remembered until it expires. Only the signature is remembered:
 * whether the user may still use it (disabled, password changed since) is read on every call by
 * `verifyBearer`, so a revocation still ends it at once.
 */
export async function verifyOwnToken(token: string, config: ApiConfig): Promise<OwnTokenClaims | null> {
  const secret = config.auth.secret;
  let known = verified.get(secret);
  const remembered = known?.get(token);
  if (remembered) {
    if (!remembered.expiresAt || remembered.expiresAt.getTime() > Date.now()) return remembered;
    known?.delete(token);
    return null;
  }
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    if (!payload.sub) return null;
    const claims = { userId: payload.sub, issuedAtMs: issuedAtOf(payload), expiresAt: expiryOf(payload) };
    if (!known) verified.set(secret, (known = new Map<string, OwnTokenClaims>()));
    if (known.size >= MAX_VERIFIED) known.delete(known.keys().next().value as string);
    known.set(token, claims);
    return claims;
  } catch {
    return null;
  }
}

export const expiryOf = (payload: JWTPayload) =>
  payload.exp === undefined ? undefined : new Date(payload.exp * 1000);

/** When a token was issued, in milliseconds: our own precise claim, else `iat`. */
export function issuedAtOf(payload: JWTPayload): number | undefined {
  const precise = payload[ISSUED_AT_MS];
  if (typeof precise === "number" && Number.isFinite(precise)) return precise;
  return payload.iat === undefined ? undefined : payload.iat * 1000;
}

const jwksCache = new Map<string, JWTVerifyGetKey>();

/** The claims of a token from the configured external issuer, or null if it does not verify. */
export async function verifyExternalToken(
  token: string,
  external: ExternalIssuerConfig,
): Promise<JWTPayload | null> {
  const options = {
    issuer: external.issuer,
    audience: external.audience,
  };
  try {
    if (external.secret) {
      const { payload } = await jwtVerify(token, secretKey(external.secret), {
        ...options,
        algorithms: ["HS256", "HS384", "HS512"],
      });
      return payload;
    }
    if (external.jwksUrl) {
      let keys = jwksCache.get(external.jwksUrl);
      if (!keys) {
        keys = createRemoteJWKSet(new URL(external.jwksUrl));
        jwksCache.set(external.jwksUrl, keys);
      }
      const { payload } = await jwtVerify(token, keys, {
        ...options,
        algorithms: ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"],
      });
      return payload;
    }
  } catch {
    return null;
  }
  return null;
}
