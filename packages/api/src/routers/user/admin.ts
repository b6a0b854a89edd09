import { randomInt } from "node:crypto";

import type { Executor, User } from "@atiende/db";
import { and, asc, eq, gt, hashPassword, or, sql, STAFF_ROLES, inArray, users } from "@atiende/db";
import { TRPCError } from "@trpc/server";

import { recordEvent } from "../../domain/audit";
import { texts } from "../../domain/errors";
import { personMatches } from "../../domain/search";
import { adminProcedure } from "../../trpc";
import { ZCreateStaffInput, ZPeopleInput, ZSetRoleInput, ZUserIdInput } from "./admin.schema";

/** What the admin screens show of an account: never its password hash. */
const account = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  // Whose role an external issuer sets (see upsertExternalUser): shown, never changed here.
  managedExternally: sql<boolean>`${users.externalId} is not null`,
  disabledAt: users.disabledAt,
  mustChangePassword: users.mustChangePassword,
  createdAt: users.createdAt,
};

// No 0/O, 1/l/I: the admin reads it out or types it into a message.
const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A temporary password: 14 characters from 55 is about 80 bits, from the system's CSPRNG. */
function temporaryPassword(): string {
  return Array.from({ length: 14 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

async function findAccount(tx: Executor, userId: string): Promise<User> {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!user) throw new TRPCError({ code: "NOT_FOUND", message: texts.userNotFound });
  return user;
}

/** Staff or candidates, by name, with a search over name and email. */
export const people = adminProcedure.input(ZPeopleInput).query(async ({ ctx, input }) => {
  const rows = await ctx.db
    .select(account)
    .from(users)
    .where(
      and(
        input.kind === "staff" ? inArray(users.role, [...STAFF_ROLES]) : eq(users.role, "candidato"),
        personMatches(input.q),
        input.cursor
          ? or(gt(users.name, input.cursor.name), and(eq(users.name, input.cursor.name), gt(users.id, input.cursor.id)))
          : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? { name: last.name, id: last.id } : null };
});

/**
 * A new staff account with a temporary password, shown to the admin this once: its owner must
 * choose their own at the first sign-in.
 */
export const create = adminProcedure.input(ZCreateStaffInput).mutation(async ({ ctx, input }) => {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const created = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ ...input, passwordHash, mustChangePassword: true })
      .onConflictDoNothing()
      .returning(account);
    if (!row) return null;
    await recordEvent(tx, {
      actorUserId: ctx.viewer.id,
      action: "user.created",
      data: { userId: row.id, email: row.email, role: row.role },
    });
    return row;
  });
  if (!created) throw new TRPCError({ code: "CONFLICT", message: texts.emailTaken });
  return { user: created, temporaryPassword: password };
});

/**
 * Changes someone's role. Their sessions and tokens end (a live connection keeps the role it
 * opened with), so the new role holds everywhere at once.
 */
export const setRole = adminProcedure.input(ZSetRoleInput).mutation(async ({ ctx, input }) => {
  if (input.userId === ctx.viewer.id) throw new TRPCError({ code: "FORBIDDEN", message: texts.changeOwnRole });
  const now = new Date();
  const result = await ctx.db.transaction(async (tx) => {
    const user = await findAccount(tx, input.userId);
    if (user.externalId) throw new TRPCError({ code: "FORBIDDEN", message: texts.roleManagedExternally });
    if (user.role === input.role) return { changed: false, user };
    const [updated] = await tx
      .update(users)
      .set({ role: input.role, credentialsChangedAt: now, updatedAt: now })
      .where(eq(users.id, user.id))
      .returning();
    await recordEvent(tx, {
      actorUserId: ctx.viewer.id,
      action: "user.role_changed",
      data: { userId: user.id, role: { from: user.role, to: input.role } },
    });
    return { changed: true, user: updated ?? user };
  });
  if (result.changed) ctx.revocations.revoke(input.userId, now.getTime());
  return { id: result.user.id, role: result.user.role };
});

/**
 * Gives an account a temporary password, shown to the admin this once; the old one and every
 * session end now, and the owner must choose a new password at their next sign-in.
 */
export const resetPassword = adminProcedure.input(ZUserIdInput).mutation(async ({ ctx, input }) => {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const now = new Date();
  await ctx.db.transaction(async (tx) => {
    const user = await findAccount(tx, input.userId);
    // A second way in beside the issuer's would outlive what the issuer decides.
    if (user.externalId) throw new TRPCError({ code: "FORBIDDEN", message: texts.passwordManagedExternally });
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, credentialsChangedAt: now, updatedAt: now })
      .where(eq(users.id, user.id));
    await recordEvent(tx, { actorUserId: ctx.viewer.id, action: "user.password_reset", data: { userId: user.id } });
  });
  ctx.revocations.revoke(input.userId, now.getTime());
  return { temporaryPassword: password };
});
