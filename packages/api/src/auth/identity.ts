import type { Database, User } from "@atiende/db";
import { eq, hashPassword, sql, users, verifyPassword } from "@atiende/db";
import type { JWTPayload } from "jose";

import type { ApiConfig, ExternalIssuerConfig } from "../config";
import { recordEvent } from "../domain/audit";
import { prepared } from "../domain/prepared";
import { credentialIsCurrent } from "./revocation";
import { expiryOf, issuedAtOf, verifyExternalToken, verifyOwnToken } from "./token";

export async function findUserById(db: Database, id: string): Promise<User | null> {
  if (!UUID.test(id)) return null;
  // Every call with a token or a session reads its user: built once, not per call.
  const [user] = await prepared(db, "user-by-id", (name) =>
    db.select().from(users).where(eq(users.id, sql.placeholder("id"))).prepare(name),
  ).execute({ id });
  return user ?? null;
}

export async function findUserByEmail(db: Database, email: string): Promise<User | null> {
  const [user] = await db
    .select()
    .from(users)
    // A host site's users are found by who vouched for them, never by email (see embed.ts).
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()} and ${users.embedIdentity} is null`);
  return user ?? null;
}

// Verifying against a throwaway hash keeps "no such user" as slow as "wrong password".
let decoyHash: Promise<string> | undefined;

/** The user whose email and password these are, or null (also for a disabled account). */
export async function authenticateWithPassword(
  db: Database,
  email: string,
  password: string,
): Promise<User | null> {
  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash) {
    decoyHash ??= hashPassword("decoy-password-for-timing");
    await verifyPassword(await decoyHash, password);
    return null;
  }
  const valid = await verifyPassword(user.passwordHash, password);
  return valid && !user.disabledAt ? user : null;
}

/** The user a bearer token speaks for, and until when. */
export interface BearerIdentity {
  user: User;
  expiresAt?: Date;
}

/**
 * Checks a bearer token: one of ours, or one from the configured external issuer. A token issued
 * before its user's credentials changed, or for a disabled user, is refused.
 */
export async function verifyBearer(
  db: Database,
  config: ApiConfig,
  token: string,
): Promise<BearerIdentity | null> {
  if (token.length > 8192) return null;
  const own = await verifyOwnToken(token, config);
  if (own) {
    const user = await findUserById(db, own.userId);
    return user && credentialIsCurrent(user, own.issuedAtMs) ? { user, expiresAt: own.expiresAt } : null;
  }
  const external = config.auth.external;
  if (!external) return null;
  const claims = await verifyExternalToken(token, external);
  const user = claims ? await upsertExternalUser(db, claims, external) : null;
  if (!user || !claims || !credentialIsCurrent(user, issuedAtOf(claims))) return null;
  return { user, expiresAt: expiryOf(claims) };
}


const claim = (claims: JWTPayload, name: string) => {
  const value = claims[name];
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
};

/**
 * The external issuer is the authority on who its users are: a known external id is refreshed from
 * the claims, an unknown one creates a user (linking a local account with the same email once).
 */
async function upsertExternalUser(
  db: Database,
  claims: JWTPayload,
  external: ExternalIssuerConfig,
): Promise<User | null> {
  const externalId = claim(claims, external.claims.userId);
  const email = claim(claims, external.claims.email);
  if (!externalId || !email) return null;
  const name = claim(claims, external.claims.name) ?? email;
  const role = claim(claims, external.claims.role) ?? "candidato";

  const [known] = await db.select().from(users).where(eq(users.externalId, externalId));
  if (known) {
    if (known.email === email && known.name === name && known.role === role) return known;
    const [updated] = await db
      .update(users)
      .set({ email, name, role, updatedAt: new Date() })
      .where(eq(users.id, known.id))
      .returning();
    return updated ?? null;
  }

  const local = await findUserByEmail(db, email);
  if (local && !local.externalId) {
    const [linked] = await db
      .update(users)
      .set({ externalId, name, role, updatedAt: new Date() })
      .where(eq(users.id, local.id))
      .returning();
    return linked ?? null;
  }
  if (local) return null;

  const [created] = await db
    .insert(users)
    .values({ email, name, role, externalId })
    .onConflictDoNothing()
    .returning();
  if (!created) return null;
  await recordEvent(db, { actorUserId: created.id, action: "user.created", data: { externalId } });
  return created;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
