import { gzipSync } from "node:zlib";

import { expect, test } from "@playwright/test";

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
