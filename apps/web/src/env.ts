import { readApiEnv } from "@atiende/api";
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

import { readDatabaseEnv } from "./database-env";

/** The web app's environment, validated once at start-up; the API's variables come with it. */
export const env = createEnv({
  extends: [readApiEnv(), readDatabaseEnv()],
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DEMO_PASSWORD: z.string().min(4).default("demo1234"),
    NEXTAUTH_URL: z.url().optional(),
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    REDIS_URL: z.url().optional(),
    /** How long a stopping server waits for requests in progress before cutting them. */
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().positive().max(300).default(10),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
