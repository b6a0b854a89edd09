import { gzipSync } from "node:zlib";

import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { signIn } from "./fixtures";

const KB = 1024;
const gzipped = (body: Buffer) => gzipSync(body, { level: 9 }).length;

/** The compressed bytes of JavaScript a page loads before it is ready, as a browser fetches them. */
async function firstLoadJs(page: Page, url: string) {
  const scripts = new Map<string, Promise<Buffer>>();
  const listener = (response: import("@playwright/test").Response) => {
    if (response.request().resourceType() === "script") scripts.set(response.url(), response.body());
  };
  page.on("response", listener);
  await page.goto(url);
  await page.waitForLoadState("networkidle");
  page.off("response", listener);
  let total = 0;
  for (const body of scripts.values()) total += gzipped(await body);
  return { total, files: scripts.size };
}

// Size budgets, not timings: what a host page and a candidate's phone download.
test("the loader stays under 10 KB and the embedded chat under 120 KB of compressed JavaScript", async ({ request }) => {
  const loader = await request.get("/widget.js");
  expect(loader.status()).toBe(200);
  expect(gzipped(await loader.body())).toBeLessThanOrEqual(10 * KB);
  const frame = await request.get("/embed/frame.js");
  expect(frame.status()).toBe(200);
  expect(gzipped(await frame.body())).toBeLessThanOrEqual(120 * KB);
});

test("/chat-soporte loads at most 150 KB of compressed JavaScript", async ({ page }) => {
  await signIn(page, "candidato2@example.com");
  const { total, files } = await firstLoadJs(page, "/chat-soporte");
  expect(files).toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(150 * KB);
});
