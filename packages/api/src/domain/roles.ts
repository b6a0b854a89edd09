import type { Role, User } from "@atiende/db";
import { ROLES } from "@atiende/db";

import { isStaffRole } from "../contract";

export { isStaffRole, type StaffRole } from "../contract";

export const isChatRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

/** The signed-in person as the API sees them: a user whose role may use the chat. */
export type Viewer = Pick<User, "id" | "email" | "name"> & { role: Role };

export const isStaff = (viewer: Viewer) => isStaffRole(viewer.role);
