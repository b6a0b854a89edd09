import path from "node:path";

import type { ViteUserConfig } from "vitest/config";

/**
 * Settings every package's Vitest run shares. With TEST_REPORT_DIR set (as CI does), each package
 * also writes a JSON report there, named after the package, for CI's summary line.
 */
export function sharedTestConfig(packageDir: string): ViteUserConfig["test"] {
  const reportDir = process.env.TEST_REPORT_DIR;
  const label = `${path.basename(packageDir)}-${process.env.DATABASE_URL ? "postgres" : "pglite"}`;
  return {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: reportDir
      ? ["default", ["json", { outputFile: path.join(reportDir, `vitest-${label}.json`) }]]
      : ["default"],
  };
}
