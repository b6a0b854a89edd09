import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";
import { signIn, watchRenderWarnings } from "./fixtures";

/** A real endpoint: records each delivery's headers and body, answers 200. */
async function startReceiver() {
  const received: { deliveryId: string; event: string; signature: string; body: string }[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const header = (name: string) => String(request.headers[name] ?? "");
      received.push({ deliveryId: header("atiende-delivery"), event: header("atiende-event"), signature: header("atiende-signature"), body });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/atiende`, received, close: () => server.close() };
}

test("an admin creates an endpoint, sees its delivery in the log and redelivers it", async ({ page, request }) => {
  const warnings = watchRenderWarnings(page);
  const receiver = await startReceiver();
  await signIn(page, "admin@example.com");
  await page.goto("/support/admin/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();

  await page.getByLabel("URL del endpoint").fill(receiver.url);
  await page.getByRole("button", { name: "Crear endpoint" }).click();
  const created = page.getByRole("status").filter({ hasText: "Guarda este secreto" });
  await expect(created).toBeVisible();
  const secret = (await created.locator("code").textContent()) ?? "";
  expect(secret).toMatch(/^whsec_/);
  await expect(page.getByRole("region", { name: "Endpoints" }).getByText(receiver.url)).toBeVisible();

  const candidate = await restAs(request, "candidato6@example.com");
  const content = `Hola webhooks ${Date.now()}`;
  expect((await candidate.post("/api/chat/message", { message: content })).status).toBeLessThan(300);

  await expect.poll(() => receiver.received.filter((r) => r.body.includes(content)).length, { timeout: 20_000 }).toBe(1);
  const [first] = receiver.received.filter((r) => r.body.includes(content));
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(first?.signature ?? "") ?? [];
  expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${first?.body}`).digest("hex"));

  const log = page.getByRole("region", { name: "Registro de entregas" });
  const row = log.getByRole("row").filter({ hasText: "message.created" }).first();
  await expect(row).toContainText("Entregado", { timeout: 15_000 });
  await expect(row.getByRole("cell").nth(3)).toHaveText("200");
  await expect(row.getByRole("cell").nth(5)).toHaveText("1");

  await row.getByRole("button", { name: "Reenviar" }).click();
  await expect.poll(() => receiver.received.filter((r) => r.body.includes(content)).length, { timeout: 20_000 }).toBe(2);
  expect(receiver.received.filter((r) => r.body.includes(content)).map((r) => r.deliveryId)).toEqual([first?.deliveryId, first?.deliveryId]);
  await expect(row.getByRole("cell").nth(5)).toHaveText("2", { timeout: 15_000 });

  for (const width of [375, 1024, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `no sideways overflow at ${width} px`).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `/tmp/webhooks-${width}.png` });
    await log.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/webhooks-${width}-log.png` });
  }
  expect(warnings).toEqual([]);
  receiver.close();
});

test("a member of staff who is not an admin is refused", async ({ page }) => {
  await signIn(page, "soporte@example.com");
  await page.goto("/support/admin/webhooks");
  // The admin area's own refusal (its layout), for every page in it.
  await expect(page.getByRole("heading", { name: "Sin acceso" })).toBeVisible();
  await expect(page.getByLabel("URL del endpoint")).toHaveCount(0);
});
