import path from "node:path";

export const migrationsFolder = path.resolve(import.meta.dirname, "../../packages/db/drizzle");
