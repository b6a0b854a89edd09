import { and, asc, eq, inArray, isNull, STAFF_ROLES, users } from "@atiende/db";
import { z } from "zod";

import { personMatches } from "../../domain/search";
import { createTRPCRouter, staffProcedure } from "../../trpc";
import { changePassword, setDisabled } from "./account";
import { create, people, resetPassword, setRole } from "./admin";

const person = { id: users.id, name: users.name, email: users.email, role: users.role };

/**
 * People staff pick from (candidates to start a conversation with, agents to assign to), and the
 * accounts themselves: one's own password; an admin's listing, creating, role changes, password
 * resets and disabling of others.
 */
export const userRouter = createTRPCRouter({
  changePassword,
  setDisabled,
  people,
  create,
  setRole,
  resetPassword,
  candidates: staffProcedure
    .input(z.strictObject({ q: z.string().trim().max(200).default(""), limit: z.number().int().min(1).max(50).default(10) }))
    .query(({ ctx, input }) =>
      ctx.db
        .select(person)
        .from(users)
        .where(and(eq(users.role, "candidato"), personMatches(input.q)))
        .orderBy(asc(users.name))
        .limit(input.limit),
    ),
  staff: staffProcedure.query(({ ctx }) =>
    ctx.db
      .select(person)
      .from(users)
      .where(and(inArray(users.role, [...STAFF_ROLES]), isNull(users.disabledAt)))
      .orderBy(asc(users.name)),
  ),
});
