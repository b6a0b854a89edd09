import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * The database's variables: all that `node migrate.js` needs (no secrets), and part of the app's
 * environment (env.ts). Relative paths start at the folder holding apps/ and packages/: the
 * repository, or the production bundle.
 */
export const readDatabaseEnv = () =>
  createEnv({
    server: {
      DATABASE_URL: z.url().optional(),
      PGLITE_DATA_DIR: z.string().default(".data/pglite"),
      DATABASE_MIGRATIONS_DIR: z.string().default("packages/db/drizzle"),
      DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().positive().max(60).default(5),
      /** `false` when migrations run as a release step (`node migrate.js`) instead. */
      MIGRATE_ON_START: z
        .enum(["true", "false"], { error: "MIGRATE_ON_START must be true or false" })
        .default("true")
        .transform((value) => value === "true"),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
