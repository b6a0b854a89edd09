import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";
import { signIn, watchRenderWarnings } from "./fixtures";

/** A real endpoint: records each delivery's headers and body, answers 200 (or what `status` says). */
async function startReceiver(status: (index: number) => number = () => 200) {
  const received: { deliveryId: string; event: string; signature: string; body: string }[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const header = (name: string) => String(request.headers[name] ?? "");
      received.push({ deliveryId: header("atiende-delivery"), event: header("atiende-event"), signature: header("atiende-signature"), body });
      response.statusCode = status(received.length - 1);
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

test("an admin edits an endpoint's URL and events, and reads every attempt at a delivery", async ({ page, request }) => {
  const warnings = watchRenderWarnings(page);
  const [before, after] = [await startReceiver(), await startReceiver((index) => (index === 0 ? 500 : 200))];
  await signIn(page, "admin@example.com");
  await page.goto("/support/admin/webhooks");
  await page.getByLabel("URL del endpoint").fill(before.url);
  await page.getByRole("button", { name: "Crear endpoint" }).click();
  const endpoints = page.getByRole("region", { name: "Endpoints" });
  await expect(endpoints.getByText(before.url)).toBeVisible();

  // With the keyboard: open the editor, change the URL and keep one event.
  const edit = endpoints.getByRole("button", { name: `Editar ${before.url}` });
  await edit.focus();
  await page.keyboard.press("Enter");
  const form = endpoints.getByRole("form", { name: `Editar ${before.url}` });
  await expect(form.getByRole("checkbox", { name: "conversation.labeled" })).toBeChecked();
  await form.getByLabel("URL del endpoint").fill(after.url);
  for (const box of await form.getByRole("checkbox").all()) {
    if ((await box.getAttribute("value")) !== "message.created") await box.uncheck();
  }
  await form.getByRole("button", { name: "Guardar cambios" }).click();
  await expect(form).toHaveCount(0);
  await expect(endpoints.getByRole("button", { name: `Editar ${after.url}` })).toBeFocused();
  await expect(endpoints.getByText(before.url)).toHaveCount(0);
  await expect(endpoints.getByRole("listitem").filter({ hasText: after.url })).toContainText(/message\.created ·/);

  // Only the new URL gets the event: refused once (500), then taken (200), with one delivery id.
  const candidate = await restAs(request, "candidato6@example.com");
  const content = `Editado ${Date.now()}`;
  expect((await candidate.post("/api/chat/message", { message: content })).status).toBeLessThan(300);
  await expect.poll(() => after.received.filter((r) => r.body.includes(content)).length, { timeout: 20_000 }).toBe(2);
  const [first, second] = after.received.filter((r) => r.body.includes(content));
  expect(second?.deliveryId).toBe(first?.deliveryId);
  expect(before.received.filter((r) => r.body.includes(content))).toHaveLength(0);

  const log = page.getByRole("region", { name: "Registro de entregas" });
  const row = log.getByRole("row").filter({ hasText: after.url }).first();
  await expect(row).toContainText("Entregado", { timeout: 15_000 });
  await row.getByRole("button", { name: `2 intentos de message.created (${first?.deliveryId})` }).click();
  const attempts = log.getByRole("list", { name: "Intentos de esta entrega" });
  await expect(attempts.getByRole("listitem")).toHaveCount(2);
  await expect(attempts.getByRole("listitem").nth(0)).toContainText(/Intento 1\s*Fallido\s*500/);
  await expect(attempts.getByRole("listitem").nth(1)).toContainText(/Intento 2\s*Correcto\s*200/);

  for (const width of [375, 1024, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `no sideways overflow at ${width} px`).toBeLessThanOrEqual(width);
    await attempts.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/webhooks-attempts-${width}.png` });
  }
  await endpoints.getByRole("button", { name: `Editar ${after.url}` }).click();
  await page.screenshot({ path: "/tmp/webhooks-edit-1440.png", fullPage: true });
  // The editor and the attempts, open, against the WCAG 2.2 AA rules.
  const scan = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(scan.violations.map((v) => v.id)).toEqual([]);
  expect(warnings).toEqual([]);
  before.close();
  after.close();
});

test("a member of staff who is not an admin is refused", async ({ page }) => {
  await signIn(page, "soporte@example.com");
  await page.goto("/support/admin/webhooks");
  // The admin area's own refusal (its layout), for every page in it.
  await expect(page.getByRole("heading", { name: "Sin acceso" })).toBeVisible();
  await expect(page.getByLabel("URL del endpoint")).toHaveCount(0);
});
