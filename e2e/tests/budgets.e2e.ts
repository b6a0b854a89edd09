import { gzipSync } from "node:zlib";

import { expect, test } from "@playwright/test";

import { signIn } from "./fixtures";

const KB = 1024;
const gzipped = (body: Buffer) => gzipSync(body, { level: 9 }).length;

// Size budgets, not timings: what a host page and a candidate's phone download.
test("the loader stays under 10 KB and the embedded chat under 120 KB of compressed JavaScript", async ({ request }) => {
  const loader = await request.get("/widget.js");
  expect(loader.status()).toBe(200);
  expect(gzipped(await loader.body())).toBeLessThanOrEqual(10 * KB);
  const frame = await request.get("/embed/frame.js");
  expect(frame.status()).toBe(200);
  expect(gzipped(await frame.body())).toBeLessThanOrEqual(120 * KB);
});

test("a candidate's chat page downloads at most 150 KB of compressed JavaScript, all of it counted", async ({ page }) => {
  await signIn(page, "candidato@example.com");
  // Every script the browser fetches for the page, whatever loads it, once the chat is usable.
  const scripts = new Map<string, Promise<number>>();
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") {
      scripts.set(response.url(), response.body().then(gzipped));
    }
  });
  await page.goto("/chat-soporte", { waitUntil: "load" });
  await expect(page.getByRole("button", { name: "Empezar" })).toBeEnabled();
  expect(scripts.size).toBeGreaterThan(0);
  const total = (await Promise.all(scripts.values())).reduce((sum, size) => sum + size, 0);
  expect(total).toBeLessThanOrEqual(150 * KB);
});
