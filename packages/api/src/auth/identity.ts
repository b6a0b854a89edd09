import type { Database, SQL, User } from "@atiende/db";
import { eq, hashPassword, sql, users, verifyPassword } from "@atiende/db";
import type { JWTPayload } from "jose";

import type { ApiConfig, ExternalIssuerConfig } from "../config";
import { recordEvent } from "../domain/audit";
import { prepared } from "../domain/prepared";
import { isChatRole } from "../domain/roles";
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
  /** `user` is as this instance last read it, not read for this call (see `credentialUser`). */
  remembered?: boolean;
}

/**
 * Users as this instance last read them, per database, for the calls that may run on a remembered
 * user: bounded, the oldest forgotten first. Only users who may use the chat at all are kept, and
 * without their password's hash.
 */
const rememberedUsers = new WeakMap<Database, Map<string, User>>();
const MAX_REMEMBERED = 10_000;

function remember(db: Database, user: User) {
  let known = rememberedUsers.get(db);
  if (!known) rememberedUsers.set(db, (known = new Map<string, User>()));
  known.delete(user.id);
  if (user.disabledAt || user.mustChangePassword || !isChatRole(user.role)) return;
  if (known.size >= MAX_REMEMBERED) known.delete(known.keys().next().value as string);
  // Without its password's hash, which nothing that runs on a remembered user reads: thousands of
  // hashes are not kept in memory for nothing.
  known.set(user.id, { ...user, passwordHash: null });
}

/**
 * The user a credential (token, session) issued at `issuedAtMs` speaks for, or null when the
 * account is disabled or its credentials changed since. Read from the database; or, when the call
 * may take it (`mayRemember`), as this instance last read it, without a query. Only a call whose
 * write confirms in its own statement that the user's row is still the one remembered
 * (`rememberedUserIsCurrentSql`: message.send's) may: a revocation then still ends the credential
 * at once, and a call that finds the row changed reads it again (transport/http.ts).
 */
export async function credentialUser(
  db: Database,
  userId: string,
  issuedAtMs: number | undefined,
  mayRemember = false,
): Promise<{ user: User; remembered: boolean } | null> {
  if (mayRemember) {
    const known = rememberedUsers.get(db)?.get(userId);
    if (known && credentialIsCurrent(known, issuedAtMs)) return { user: known, remembered: true };
  }
  const user = await findUserById(db, userId);
  if (!user) return null;
  remember(db, user);
  return credentialIsCurrent(user, issuedAtMs) ? { user, remembered: false } : null;
}

/**
 * Whether the caller's row is still the one remembered (SQL, for the statement that writes): the
 * same email, name, role and credentials, neither disabled nor made to change its password.
 * `credentialsChangedAt` to the millisecond, as JavaScript's dates hold it.
 */
export function rememberedUserIsCurrentSql(slots: {
  id: SQL;
  email: SQL;
  name: SQL;
  role: SQL;
  credentialsChangedAt: SQL;
}): SQL {
  return sql`exists (select 1 from users where id = ${slots.id}
    and email = ${slots.email} and name = ${slots.name} and role = ${slots.role}
    and disabled_at is null and not must_change_password
    and date_trunc('milliseconds', credentials_changed_at) is not distinct from ${slots.credentialsChangedAt})`;
}

/**
 * Checks a bearer token: one of ours, or one from the configured external issuer. A token issued
 * before its user's credentials changed, or for a disabled user, is refused. `mayRemember`: see
 * `credentialUser` (our own tokens only).
 */
export async function verifyBearer(
  db: Database,
  config: ApiConfig,
  token: string,
  mayRemember = false,
): Promise<BearerIdentity | null> {
  if (token.length > 8192) return null;
  const own = await verifyOwnToken(token, config);
  if (own) {
    const found = await credentialUser(db, own.userId, own.issuedAtMs, mayRemember);
    return found && { ...found, expiresAt: own.expiresAt };
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
