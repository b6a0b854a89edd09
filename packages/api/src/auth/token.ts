import type { JWTPayload, JWTVerifyGetKey } from "jose";
import { createRemoteJWKSet, jwtVerify, SignJWT } from "jose";

import type { ApiConfig, ExternalIssuerConfig } from "../config";

const ISSUER = "atiende";
const AUDIENCE = "atiende-api";

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

const secretKey = (secret: string) => new TextEncoder().encode(secret);

/** Signs an API token (HS256) for a user id; the role is read from the database on each use. */
export async function issueToken(userId: string, config: ApiConfig): Promise<IssuedToken> {
  const expiresAt = new Date(Date.now() + config.auth.tokenTtlSeconds * 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(secretKey(config.auth.secret));
  return { token, expiresAt };
}

/** The user id and expiry in one of our tokens, or null for anything forged, expired or malformed. */
export async function verifyOwnToken(
  token: string,
  config: ApiConfig,
): Promise<{ userId: string; expiresAt?: Date } | null> {
  try {
    const { payload } = await jwtVerify(token, secretKey(config.auth.secret), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    return payload.sub ? { userId: payload.sub, expiresAt: expiryOf(payload) } : null;
  } catch {
    return null;
  }
}

export const expiryOf = (payload: JWTPayload) =>
  payload.exp === undefined ? undefined : new Date(payload.exp * 1000);

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
