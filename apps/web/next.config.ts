import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  transpilePackages: ["@atiende/api", "@atiende/db", "@atiende/ui"],
  // Native or self-loading packages run from node_modules rather than the bundle; drizzle-orm too,
  // so the rate limiter (which imports it at run time) and our code share one copy.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "rate-limiter-flexible",
    "drizzle-orm",
    "postgres",
    "pg-boss",
  ],
  poweredByHeader: false,
};

export default config;
