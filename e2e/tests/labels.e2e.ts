import { readFile } from "node:fs/promises";

import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { signIn } from "./fixtures";

async function screenshots(page: Page, name: string) {
  for (const width of [375, 1024, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/labels-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("an admin defines labels; an agent puts one on a conversation from the keyboard; the inbox, metrics and audit log follow", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now() % 100_000;
  const pagos = `Pagos ${stamp}`;
  await signIn(page, "admin@example.com");

  // The admin screen: create two labels, recolour one.
  await page.goto("/support/admin/etiquetas");
  const create = page.getByRole("form", { name: "Crear etiqueta" });
  await create.getByLabel("Nombre").fill(pagos);
  await create.getByText("Ámbar").click();
  await create.getByRole("button", { name: "Crear etiqueta" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: pagos })).toBeVisible();
  await expect(create.getByLabel("Nombre")).toHaveValue("");
  await create.getByLabel("Nombre").fill(`CV ${stamp}`);
  await create.getByRole("button", { name: "Crear etiqueta" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: `CV ${stamp}` })).toBeVisible();
  await expect(create.getByLabel("Nombre")).toHaveValue("");
  await create.getByLabel("Nombre").fill(pagos.toUpperCase());
  await create.getByRole("button", { name: "Crear etiqueta" }).click();
  await expect(create.getByRole("alert")).toHaveText("Ya existe una etiqueta con ese nombre.");
  await page.getByRole("button", { name: `Editar CV ${stamp}` }).click();
  const editing = page.getByRole("listitem").filter({ has: page.getByRole("button", { name: "Guardar" }) });
  await editing.getByText("Azul").click();
  await editing.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("button", { name: `Editar CV ${stamp}` })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await screenshots(page, "admin");

  // In the console: `l` opens the picker on the open conversation; Space puts the label on.
  await page.goto("/support/communication");
  const inbox = page.getByRole("list", { name: "Bandeja de entrada" });
  const first = inbox.getByRole("button").first();
  const candidate = (await first.locator("span").first().textContent()) ?? "";
  await first.click();
  await page.locator("body").press("l");
  const picker = page.getByRole("group", { name: "Etiquetas de la conversación" });
  await expect(picker).toBeVisible();
  await picker.getByRole("checkbox", { name: pagos }).focus();
  await page.keyboard.press("Space");
  const onConversation = page.getByRole("list", { name: "Etiquetas" });
  await expect(onConversation.getByText(pagos)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(picker).toBeHidden();
  await expect(page.getByRole("button", { name: "+ Añadir etiqueta" })).toBeFocused();

  // The inbox shows it and filters by it.
  await page.getByRole("combobox", { name: "Etiqueta" }).selectOption({ label: pagos });
  await expect(inbox.getByRole("button")).toHaveCount(1);
  await expect(inbox.getByRole("button")).toContainText(candidate);
  await expect(inbox.getByRole("button")).toContainText(pagos);
  await screenshots(page, "console");

  // Taken off with its own button, and put back on for the figures.
  await page.getByRole("button", { name: `Quitar la etiqueta ${pagos}` }).click();
  await expect(onConversation.getByText(pagos)).toHaveCount(0);
  await expect(inbox.getByRole("button")).toHaveCount(0);
  await page.getByRole("button", { name: "+ Añadir etiqueta" }).click();
  // The box follows the server's answer: click, then wait for the label to show.
  await picker.getByRole("checkbox", { name: pagos }).click();
  await expect(onConversation.getByText(pagos)).toBeVisible();

  // The `?` overlay lists the shortcut.
  await page.keyboard.press("Escape");
  await expect(picker).toBeHidden();
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Atajos de teclado" })).toContainText("Añadir o quitar etiquetas");
  await page.keyboard.press("Escape");

  // Metrics by label, with their CSV (the range must include the conversation's creation).
  await page.goto("/support/metrics");
  await page.getByLabel("Desde").fill(new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10));
  const byLabel = page.getByRole("region", { name: "Por etiqueta" });
  await expect(byLabel.getByRole("row").filter({ hasText: pagos })).toBeVisible();
  const download = page.waitForEvent("download");
  await byLabel.getByRole("button", { name: "Descargar CSV: Por etiqueta" }).click();
  const csv = await readFile(await (await download).path(), "utf8");
  expect(csv).toContain(pagos);
  await screenshots(page, "metrics");

  // Every change is in the audit log.
  await page.goto("/support/admin/auditoria");
  await page.getByLabel("Acción").selectOption({ label: "Etiqueta quitada" });
  await expect(page.getByRole("table", { name: "Auditoría" })).toContainText(pagos);
});
