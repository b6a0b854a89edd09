import path from "node:path";

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
  // In development Next refuses its reload socket (/_next/hmr) to pages from other hosts than
  // localhost; the loopback address is this machine too.
  allowedDevOrigins: ["127.0.0.1"],
  // `pnpm bundle` starts from Next's standalone output: the server files and only the
  // node_modules files they load, traced from the repository's root (the workspace packages).
  output: "standalone",
  outputFileTracingRoot: path.resolve(import.meta.dirname, "../.."),
};

export default config;
