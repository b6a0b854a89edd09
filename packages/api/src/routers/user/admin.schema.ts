import { ROLES, STAFF_ROLES } from "@atiende/db";
import { z } from "zod";

const userId = z.uuid({ error: "Identificador no válido" });

export const ZPeopleInput = z.strictObject({
  q: z.string().trim().max(200).default(""),
  kind: z.enum(["staff", "candidates"]).default("staff"),
  /** Name of the last row of the previous page, then its id: keyset pagination by name. */
  cursor: z.strictObject({ name: z.string().max(1000), id: userId }).nullish(),
  /** Sent by tRPC's infinite queries; pages only go forwards. */
  direction: z.enum(["forward", "backward"]).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type TPeopleInput = z.infer<typeof ZPeopleInput>;

export const ZCreateStaffInput = z.strictObject({
  name: z.string().trim().min(1, "Indica el nombre").max(200),
  email: z.email({ error: "Correo no válido" }).trim().max(320),
  role: z.enum(STAFF_ROLES),
});
export type TCreateStaffInput = z.infer<typeof ZCreateStaffInput>;

export const ZSetRoleInput = z.strictObject({ userId, role: z.enum(ROLES) });
export type TSetRoleInput = z.infer<typeof ZSetRoleInput>;

export const ZUserIdInput = z.strictObject({ userId });
