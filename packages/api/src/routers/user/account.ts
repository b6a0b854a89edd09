import { eq, hashPassword, users, verifyPassword } from "@atiende/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";

import { releaseOpenConversations } from "../../assignment/release";
import { recordEvent } from "../../domain/audit";
import { RateLimitedError, texts } from "../../domain/errors";
import { consumeQuota } from "../../domain/rate-limit";
import { adminProcedure, protectedProcedure } from "../../trpc";
import { publishChange } from "../../realtime/publish";

export const ZChangePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(8, "La nueva contraseña necesita al menos 8 caracteres").max(1024),
});

export const ZSetDisabledInput = z.strictObject({
  userId: z.uuid({ error: "Identificador no válido" }),
  disabled: z.boolean(),
});

/**
 * Changes the caller's own password. Every token and session issued before (this one included)
 * stops working and their live connections close, on every instance: the caller signs in again.
 */
export const changePassword = protectedProcedure.input(ZChangePasswordInput).mutation(async ({ ctx, input }) => {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, ctx.viewer.id));
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: texts.unauthorized });
  if (!user.passwordHash) throw new TRPCError({ code: "BAD_REQUEST", message: texts.passwordNoLocal });
  // A stolen session must not become a way to guess the password: failures count like sign-ins.
  const quota = {
    keyPrefix: "signin:account",
    perMinute: ctx.config.auth.signInFailuresPerAccountPerMinute,
    key: user.email.trim().toLowerCase(),
    text: texts.passwordRateLimited,
  };
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    try {
      await consumeQuota(ctx.db, quota);
    } catch (cause) {
      if (cause instanceof RateLimitedError) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
      throw cause;
    }
    throw new TRPCError({ code: "BAD_REQUEST", message: texts.passwordWrong });
  }
  if (input.newPassword === input.currentPassword) {
    throw new TRPCError({ code: "BAD_REQUEST", message: texts.passwordSame });
  }
  const changedAt = new Date();
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, credentialsChangedAt: changedAt, updatedAt: changedAt })
      .where(eq(users.id, user.id));
    await recordEvent(tx, { actorUserId: user.id, action: "user.password_changed" });
  });
  // After the commit: any instance that hears it closes the user's older connections.
  ctx.revocations.revoke(user.id, changedAt.getTime());
  return { credentialsChangedAt: changedAt };
});

/**
 * An admin disables (or enables again) someone else's account; disabling ends all their access,
 * and the open conversations they were assigned go back to the queue for automatic assignment.
 */
export const setDisabled = adminProcedure.input(ZSetDisabledInput).mutation(async ({ ctx, input }) => {
  if (input.userId === ctx.viewer.id) throw new TRPCError({ code: "FORBIDDEN", message: texts.disableSelf });
  const now = new Date();
  const updated = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set(
        input.disabled
          ? { disabledAt: now, credentialsChangedAt: now, updatedAt: now }
          : { disabledAt: null, updatedAt: now },
      )
      .where(eq(users.id, input.userId))
      .returning({ id: users.id, disabledAt: users.disabledAt });
    if (!row) return null;
    await recordEvent(tx, {
      actorUserId: ctx.viewer.id,
      action: input.disabled ? "user.disabled" : "user.enabled",
      data: { userId: input.userId },
    });
    const released = input.disabled ? await releaseOpenConversations(tx, row.id, ctx.viewer.id, "disabled") : [];
    return { row, released };
  });
  if (!updated) throw new TRPCError({ code: "NOT_FOUND", message: texts.userNotFound });
  if (input.disabled) ctx.revocations.revoke(input.userId, now.getTime());
  for (const conversationId of updated.released) publishChange(ctx, conversationId);
  if (updated.released.length > 0) await ctx.assigner.kick();
  return updated.row;
});
