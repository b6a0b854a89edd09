import { randomBytes } from "node:crypto";
import path from "node:path";

import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${port}`;
const repoRoot = path.resolve(import.meta.dirname, "..");
// The demo host site (examples/host-site) embeds the chat from another site: 127.0.0.1 is not
// localhost, so its frame is cross-site, as on a real job portal.
const hostPort = Number(process.env.E2E_HOST_PORT ?? port + 1);
const hostSiteURL = `http://127.0.0.1:${hostPort}`;
process.env.E2E_HOST_SITE_URL ??= hostSiteURL;
// notifications.e2e.ts listens for the app's emails on this port (nothing does in the other specs:
// their emails fail to connect and wait for a retry, harmlessly).
process.env.E2E_SMTP_PORT ??= String(port + 2);
// Shared with the specs, which mint host tokens of their own (forged, expired, staff-claiming).
process.env.ATIENDE_EMBED_SECRET ??= randomBytes(32).toString("hex");
// Each run gets a new embedded database; workers inherit the folder chosen by the main process.
process.env.E2E_DATA_DIR ??= `.data/e2e-${Date.now()}`;
// One secret for the server and the workers, so that specs can sign tokens (expired, orphaned).
process.env.AUTH_SECRET ??= randomBytes(32).toString("hex");

export default defineConfig({
  testDir: "./tests",
  testMatch: "**/*.e2e.ts",
  outputDir: "./test-results",
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 60_000,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME
    ? [["list"], ["json"]]
    : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "es-ES",
    timezoneId: "America/Mexico_City",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: [{
    command: "pnpm --filter @atiende/web build && pnpm --filter @atiende/web start",
    cwd: repoRoot,
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      NEXTAUTH_URL: baseURL,
      PGLITE_DATA_DIR: process.env.E2E_DATA_DIR,
      UPLOADS_DIR: `${process.env.E2E_DATA_DIR}-uploads`,
      NEXT_TELEMETRY_DISABLED: "1",
      // The specs expect conversations to stay unassigned until someone clicks "Asignarme", while
      // their consoles are connected (online agents); automatic assignment has its own tests.
      SUPPORT_CHAT_AUTO_ASSIGN: "false",
      // Every spec signs in from 127.0.0.1; the per-account limit stays at its default and
      // security.e2e.ts proves it.
      AUTH_SIGN_IN_LIMIT_PER_IP: "1000",
      // webhooks.e2e.ts delivers to a receiver it starts on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE: "true",
      // A refused delivery is tried again a second later (the default waits a minute).
      WEBHOOK_RETRY_BASE_SECONDS: "1",
      // `next build` and `next start` run as production, which requires a real secret.
      AUTH_SECRET: process.env.AUTH_SECRET,
      ATIENDE_EMBED_SECRET: process.env.ATIENDE_EMBED_SECRET,
      ATIENDE_EMBED_ORIGINS: hostSiteURL,
      SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
      EMAIL_FROM: "Atiende <soporte@atiende.test>",
      SUPPORT_CHAT_EMAIL_DELAY_SECONDS: "1",
    },
  },
  {
    command: "node examples/host-site/server.mjs",
    cwd: repoRoot,
    url: hostSiteURL,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(hostPort),
      HOST: "127.0.0.1",
      ATIENDE_URL: baseURL,
      ATIENDE_EMBED_SECRET: process.env.ATIENDE_EMBED_SECRET,
    },
  }],
});
