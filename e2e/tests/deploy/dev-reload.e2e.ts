/**
 * `pnpm dev`'s server (apps/web/server.ts under tsx, Next in development) in its own process: the
 * browser's hot-reload socket (/_next/hmr) goes through our custom server and connects, whether
 * the page is opened as localhost or as 127.0.0.1; /chat-soporte, which Next does not serve,
 * reloads when its script is rebuilt.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { DEMO_PASSWORD, signIn } from "../fixtures";
import { freePort, repoRoot, scratchDir, stopAll } from "./stack";

let stop = () => Promise.resolve();
test.afterAll(async () => {
  await stop();
  await stopAll();
});

test("the dev server's reload socket connects through the custom server", async ({ page }) => {
  test.setTimeout(240_000);
  const port = await freePort();
  const data = scratchDir("dev");
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: path.join(repoRoot, "apps/web"),
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(port),
      HOST: "127.0.0.1",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      PGLITE_DATA_DIR: path.join(data, "pglite"),
      UPLOADS_DIR: path.join(data, "uploads"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise((resolve) => server.once("exit", resolve));
  stop = async () => {
    if (server.exitCode === null) server.kill("SIGTERM");
    await exited;
  };
  await expect
    .poll(() => output, { timeout: 120_000, message: "the dev server never listened" })
    .toContain("Atiende listening");

  // Next greets a connected client; a refused handshake never gets this far.
  const greeted = new Set<string>();
  page.on("websocket", (socket) => {
    const url = new URL(socket.url());
    if (url.pathname !== "/_next/hmr") return;
    socket.on("framereceived", (frame) => {
      if (String(frame.payload).includes("turbopack-connected")) greeted.add(url.hostname);
    });
  });
  for (const host of ["127.0.0.1", "localhost"]) {
    await page.goto(`http://${host}:${port}/sign-in`, { timeout: 120_000 });
    await expect
      .poll(() => greeted.has(host), { timeout: 60_000, message: `reload socket on ${host}` })
      .toBe(true);
  }

  // The candidate's page is built by esbuild, not Next: editing its source reloads it all the same.
  const origin = `http://127.0.0.1:${port}`;
  // Compiled once before the sign-in waits on them (a first compile takes a while in development).
  await page.request.get(`${origin}/api/auth/csrf`, { timeout: 120_000 });
  await page.request.get(`${origin}/`, { timeout: 120_000 });
  await signIn(page, "candidato@example.com", DEMO_PASSWORD, origin);
  await page.goto(`${origin}/chat-soporte`, { timeout: 120_000 });
  await expect(page.getByRole("button", { name: "Empezar" })).toBeEnabled({ timeout: 60_000 });
  const source = path.join(repoRoot, "apps/web/src/plain-pages/chat-soporte.tsx");
  const original = readFileSync(source, "utf8");
  const reloaded = page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame(), timeout: 60_000 });
  try {
    writeFileSync(source, `${original}// Edited by dev-reload.e2e.ts, and put back.\n`);
    await reloaded;
  } finally {
    writeFileSync(source, original);
  }
  await expect(page.getByRole("button", { name: "Empezar" })).toBeEnabled({ timeout: 60_000 });
});
