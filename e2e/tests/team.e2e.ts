import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";
import { signIn } from "./fixtures";

test("the team view shows who is in and what waits; an agent takes the oldest and hands it over with a note", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // Ana Soporte's console is open in another browser: she shows as online.
  const anaContext = await browser.newContext();
  const ana = await anaContext.newPage();
  await signIn(ana, "soporte@example.com");
  await ana.goto("/support/communication");

  await signIn(page, "admin@example.com");
  await page.goto("/support/communication");
  await page.getByRole("navigation", { name: "Navegación del equipo de soporte" }).getByRole("link", { name: "Equipo" }).click();
  await expect(page.getByRole("heading", { name: "Equipo", level: 1 })).toBeVisible();
  const members = page.getByRole("list", { name: "Quién está" });
  const anaRow = members.getByRole("listitem").filter({ hasText: "Ana Soporte" });
  await expect(anaRow).toContainText("En línea");
  await expect(anaRow).toContainText(/\d+ de 5 abiertas/);
  await expect(anaRow.getByRole("meter", { name: "Conversaciones abiertas de Ana Soporte" })).toBeVisible();

  // The queue, oldest first, with how long each has waited.
  const queue = page.getByRole("list", { name: "En espera" });
  const oldest = queue.getByRole("listitem").first();
  await expect(oldest).toContainText("Espera desde");
  const candidate = (await oldest.locator("p").first().textContent()) ?? "";
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  for (const width of [375, 1024, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/team-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  const waitingBefore = await queue.getByRole("listitem").count();
  await oldest.getByRole("button", { name: `Tomar la conversación de ${candidate}` }).click();
  await expect(queue.getByRole("listitem")).toHaveCount(waitingBefore - 1);

  // Handed over to Ana with a note: hers now, and the note is an internal note in the thread.
  await page.goto("/support/communication");
  await page.getByRole("combobox", { name: "Vista" }).selectOption({ label: "Asignadas a mí" });
  const taken = page.getByRole("list", { name: "Bandeja de entrada" }).getByRole("button").filter({ hasText: candidate }).first();
  // The list keeps the previous filter's rows until the new ones arrive.
  await expect(taken).toContainText("Atiende Alicia Admin");
  await taken.click();
  await page.getByRole("button", { name: "Traspasar" }).click();
  const dialog = page.getByRole("dialog", { name: "Traspasar la conversación" });
  const to = dialog.getByRole("combobox", { name: "Para" });
  await expect(to.getByRole("option", { name: "Ana Soporte · En línea" })).toHaveCount(1);
  await to.selectOption((await to.getByRole("option", { name: "Ana Soporte · En línea" }).getAttribute("value")) ?? "");
  const note = `Pide cambiar la fecha de su entrevista (${Date.now()})`;
  await dialog.getByLabel("Nota para quien la recibe").fill(note);
  await page.screenshot({ path: "test-results/team-handover-dialog.png" });
  await dialog.getByRole("button", { name: "Traspasar" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(note)).toBeVisible();

  await page.goto("/support/admin/auditoria");
  await page.getByLabel("Acción").selectOption({ label: "Asignación" });
  await expect(page.getByRole("table", { name: "Auditoría" })).toContainText(`note: ${note}`);
  await anaContext.close();
});

test("the team view and the label chips follow another agent live, without a reload or a poll", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const subject = `En vivo ${stamp}`;
  const label = `Vivo ${stamp % 100_000}`;
  const candidate = await restAs(request, "candidato2@example.com");
  expect((await candidate.post("/api/support/chat/conversations", { subject })).status).toBe(201);

  // The watcher: an admin, who first defines the label, then keeps the team view open.
  const watcher = await (await browser.newContext()).newPage();
  await signIn(watcher, "admin@example.com");
  await watcher.goto("/support/admin/etiquetas");
  const create = watcher.getByRole("form", { name: "Crear etiqueta" });
  await create.getByLabel("Nombre").fill(label);
  await create.getByRole("button", { name: "Crear etiqueta" }).click();
  await expect(watcher.getByRole("listitem").filter({ hasText: label })).toBeVisible();
  await watcher.goto("/support/equipo");
  const queue = watcher.getByRole("list", { name: "En espera" });
  const members = watcher.getByRole("list", { name: "Quién está" });
  await expect(queue.getByRole("listitem").filter({ hasText: subject })).toHaveCount(1);

  // The other agent, in another browser.
  const ana = await (await browser.newContext()).newPage();
  await signIn(ana, "soporte@example.com");
  await ana.goto("/support/communication");
  const anaRow = members.getByRole("listitem").filter({ hasText: "Ana Soporte" });
  await expect(anaRow).toContainText("En línea");
  const load = async () => Number((/(\d+) de \d+ abiertas/.exec((await anaRow.textContent()) ?? "") ?? [])[1]);
  const before = await load();

  // She steps away: the watcher's view says so.
  await ana.getByRole("button", { name: "Tu estado: En línea" }).click();
  await expect(anaRow).toContainText("Ausente");

  // She takes the conversation: it leaves the queue and her load grows.
  await ana.getByRole("searchbox", { name: "Buscar conversaciones" }).fill(subject);
  const inbox = ana.getByRole("list", { name: "Bandeja de entrada" });
  await inbox.getByRole("button", { name: new RegExp(subject) }).click();
  await ana.getByRole("button", { name: "Asignarme" }).first().click();
  await expect(queue.getByRole("listitem").filter({ hasText: subject })).toHaveCount(0);
  await expect(anaRow).toContainText(`${before + 1} de`);
  for (const width of [375, 1024, 1440]) {
    await watcher.setViewportSize({ width, height: 900 });
    await watcher.screenshot({ path: `test-results/team-live-${width}.png`, fullPage: true });
  }
  await watcher.setViewportSize({ width: 1440, height: 900 });

  // The watcher opens the same conversation; Ana labels it: the chip shows in the watcher's
  // thread and inbox as it happens.
  await watcher.goto("/support/communication");
  await watcher.getByRole("searchbox", { name: "Buscar conversaciones" }).fill(subject);
  const watcherInbox = watcher.getByRole("list", { name: "Bandeja de entrada" });
  await watcherInbox.getByRole("button", { name: new RegExp(subject) }).click();
  await expect(watcher.getByRole("heading", { name: subject })).toBeVisible();
  const chips = watcher.getByRole("list", { name: "Etiquetas" });
  await expect(chips.getByText(label)).toHaveCount(0);

  await ana.getByRole("button", { name: "+ Añadir etiqueta" }).click();
  await ana.getByRole("group", { name: "Etiquetas de la conversación" }).getByRole("checkbox", { name: label }).click();
  await expect(ana.getByRole("list", { name: "Etiquetas" }).getByText(label)).toBeVisible();
  await expect(chips.getByText(label)).toBeVisible();
  await expect(watcherInbox.getByRole("button", { name: new RegExp(subject) })).toContainText(label);
  await watcher.screenshot({ path: "test-results/team-live-labels-1440.png" });

  // And off again.
  await ana.getByRole("button", { name: `Quitar la etiqueta ${label}` }).click();
  await expect(chips.getByText(label)).toHaveCount(0);
  await expect(watcherInbox.getByRole("button", { name: new RegExp(subject) })).not.toContainText(label);
  await ana.context().close();
  await watcher.context().close();
});
