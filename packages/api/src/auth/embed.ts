import type { Database, User } from "@atiende/db";
import { eq, users } from "@atiende/db";
import { jwtVerify } from "jose";

import type { ApiConfig } from "../config";
import { recordEvent } from "../domain/audit";
import type { IssuedToken } from "./token";
import { issueToken, verifyExternalToken } from "./token";

/** A host site's tokens live at most this long: the host re-mints them through `getToken`. */
export const EMBED_TOKEN_MAX_SECONDS = 3600;
/** Clocks of the host and of Atiende may disagree by this much. */
const CLOCK_SKEW_SECONDS = 60;

/** Who a host site vouches for: its own user id, under its issuer. */
export interface EmbedIdentity {
  /** The issuer's name (`iss`), or "" for tokens signed with ATIENDE_EMBED_SECRET without one. */
  issuer: string;
  subject: string;
  email?: string;
  name?: string;
  expiresAt: Date;
}

const text = (value: unknown, max: number) =>
  typeof value === "string" && value.trim() ? value.trim().slice(0, max) : undefined;

/**
 * The identity in a host site's token: signed with ATIENDE_EMBED_SECRET (HS256, `sub` and `exp`
 * required, `exp` at most an hour ahead, `iss`/`aud` checked when configured), or by the
 * configured external issuer. Anything else — unsigned, forged, expired, too long-lived — is null:
 * there is no way to be trusted on the page's word.
 */
export async function verifyEmbedToken(token: string, config: ApiConfig): Promise<EmbedIdentity | null> {
  if (token.length > 8192) return null;
  const nowSeconds = Date.now() / 1000;
  if (config.embed.secret) {
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(config.embed.secret), {
        algorithms: ["HS256"],
        issuer: config.embed.issuer,
        audience: config.embed.audience,
        requiredClaims: ["sub", "exp"],
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      const subject = text(payload.sub, 255);
      if (!subject || payload.exp === undefined) return null;
      if (payload.exp > nowSeconds + EMBED_TOKEN_MAX_SECONDS + CLOCK_SKEW_SECONDS) return null;
      return {
        issuer: text(payload.iss, 255) ?? "",
        subject,
        email: text(payload.email, 320),
        name: text(payload.name, 200),
        expiresAt: new Date(payload.exp * 1000),
      };
    } catch {
      // Not ours: it may still be the external issuer's.
    }
  }
  const external = config.auth.external;
  if (!external) return null;
  const claims = await verifyExternalToken(token, external);
  const subject = text(claims?.[external.claims.userId], 255);
  if (!claims || !subject) return null;
  const latest = nowSeconds + EMBED_TOKEN_MAX_SECONDS;
  return {
    // Kept apart from the embed secret's issuers, whatever `iss` either one claims.
    issuer: `external:${text(claims.iss, 255) ?? ""}`,
    subject,
    email: text(claims[external.claims.email], 320),
    name: text(claims[external.claims.name], 200),
    expiresAt: new Date(Math.min(claims.exp ?? latest, latest) * 1000),
  };
}

/**
 * The candidate a host site's user is here: found by issuer and subject (so the same person keeps
 * their conversations across the host's sign-outs and sign-ins), created on first sight. Never a
 * staff role and never an existing account found by email, whatever the token claims: a host can
 * vouch for its candidates, not for our staff.
 */
export async function upsertEmbedUser(db: Database, identity: EmbedIdentity): Promise<User> {
  const key = JSON.stringify([identity.issuer, identity.subject]);
  // `.invalid` can never receive mail: a host that gives no email gets none sent.
  const email = identity.email ?? `${identity.subject.replace(/[^\w.+-]/g, "_")}@embed.invalid`;
  const name = identity.name ?? identity.email ?? "Candidato";

  const [known] = await db.select().from(users).where(eq(users.embedIdentity, key));
  if (known) {
    if (known.email === email && known.name === name) return known;
    const [updated] = await db
      .update(users)
      .set({ email, name, updatedAt: new Date() })
      .where(eq(users.id, known.id))
      .returning();
    return updated ?? known;
  }
  const [created] = await db
    .insert(users)
    .values({ email, name, role: "candidato", embedIdentity: key })
    .onConflictDoNothing()
    .returning();
  if (created) {
    await recordEvent(db, {
      actorUserId: created.id,
      action: "user.created",
      data: { embedIssuer: identity.issuer },
    });
    return created;
  }
  // A concurrent first sign-in of the same person won the insert.
  const [winner] = await db.select().from(users).where(eq(users.embedIdentity, key));
  if (!winner) throw new Error("The embed user vanished after a conflicting insert");
  return winner;
}

/**
 * Trades a host site's token for one of ours, for the embedded chat's calls and socket. It lives no
 * longer than the host's, so a host that signs its user out stops vouching within the hour.
 */
export async function exchangeEmbedToken(
  db: Database,
  config: ApiConfig,
  hostToken: string,
): Promise<(IssuedToken & { user: User }) | null> {
  const identity = await verifyEmbedToken(hostToken, config);
  if (!identity) return null;
  const user = await upsertEmbedUser(db, identity);
  if (user.disabledAt) return null;
  const ttlSeconds = Math.floor((identity.expiresAt.getTime() - Date.now()) / 1000);
  if (ttlSeconds <= 0) return null;
  const issued = await issueToken(user.id, config, Math.min(ttlSeconds, config.auth.tokenTtlSeconds));
  return { ...issued, user };
}
