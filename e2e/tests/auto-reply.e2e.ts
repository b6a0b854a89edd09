import { readFile } from "node:fs/promises";

import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { signIn, watchRenderWarnings } from "./fixtures";

const DAYS = ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"];
const ANSWER = `Estamos fuera de horario ${Date.now()}: te respondemos en cuanto volvamos.`;
const messages = (page: Page) => page.getByRole("list", { name: "Mensajes de la conversación" });
const answers = (page: Page) => messages(page).getByRole("listitem").filter({ hasText: ANSWER });

/**
 * The server runs on the real clock, so "closed now" is made by the hours: every day open all day
 * (in UTC), but today and tomorrow closed (tomorrow too, should the date change during the test).
 */
async function setHours(page: Page, on: boolean) {
  await page.goto("/support/admin/horario");
  await expect(page.getByRole("heading", { name: "Horario de atención", level: 1 })).toBeVisible();
  await page.getByLabel("Aplicar el horario de atención").setChecked(on);
  await page.getByLabel("Zona horaria").fill("UTC");
  for (const day of DAYS) {
    await page.getByLabel(`Abierto: ${day}`).check();
    await page.getByLabel(`Desde: ${day}`).fill("00:00");
    await page.getByLabel(`Hasta: ${day}`).fill("23:59");
  }
  const today = Date.now();
  const closed = [today, today + 86_400_000].map((at) => new Date(at).toISOString().slice(0, 10));
  await page.getByLabel("Días cerrados").fill(on ? closed.join(", ") : "");
  await page.getByLabel("Enviar una respuesta automática fuera de horario").setChecked(on);
  await page.getByLabel("Texto en español").fill(ANSWER);
  await page.getByLabel("Texto en inglés (opcional)").fill("");
  await page.getByRole("button", { name: "Guardar el horario" }).click();
  await expect(page.getByText("Horario guardado.")).toBeVisible();
}

async function startConversation(page: Page, subject: string, ...contents: string[]) {
  await page.getByLabel("Asunto").fill(subject);
  await page.getByRole("button", { name: "Empezar" }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  for (const content of contents) {
    await page.getByLabel("Escribe tu mensaje").fill(content);
    await page.keyboard.press("Enter");
    await expect(messages(page).getByText(content)).toBeVisible();
  }
}

test("outside business hours a candidate gets the automatic answer once, marked automatic in the chat and the console", async ({ browser, page }) => {
  // Three people, two conversations, the metrics and the hours set twice: more than the default minute.
  test.setTimeout(180_000);
  const warnings = watchRenderWarnings(page);
  await signIn(page, "admin@example.com");
  await setHours(page, true);
  const scan = await new AxeBuilder({ page }).analyze();
  expect(scan.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  for (const width of [375, 1024, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`horario-respuesta-${width}.png`), fullPage: true });
  }
  try {
    const candidate = await (await browser.newContext()).newPage();
    await signIn(candidate, "candidato4@example.com");
    await candidate.goto("/chat-soporte");
    const subject = `De noche ${Date.now()}`;
    await startConversation(candidate, subject, "Hola, ¿hay alguien?");
    await expect(answers(candidate)).toHaveCount(1);
    await expect(answers(candidate)).toContainText("Respuesta automática");
    await candidate.getByLabel("Escribe tu mensaje").fill("Escribo otra vez");
    await candidate.keyboard.press("Enter");
    await expect(messages(candidate).getByText("Escribo otra vez")).toBeVisible();
    // The relay reads in order: once a later conversation is answered, it has read "otra vez" too.
    await startConversation(candidate, `Otra ${Date.now()}`, "Una pregunta más");
    await expect(answers(candidate)).toHaveCount(1);
    await candidate.getByRole("button", { name: new RegExp(subject) }).click();
    await expect(candidate.getByRole("heading", { name: subject })).toBeVisible();
    await expect(answers(candidate)).toHaveCount(1);
    for (const width of [375, 1024, 1440]) {
      await candidate.setViewportSize({ width, height: 800 });
      await candidate.screenshot({ path: test.info().outputPath(`respuesta-automatica-${width}.png`) });
    }
    await candidate.close();

    const agent = await (await browser.newContext()).newPage();
    await signIn(agent, "soporte@example.com");
    await agent.goto("/support/communication");
    await agent.getByRole("list", { name: "Bandeja de entrada" }).getByRole("button", { name: new RegExp(subject) }).click();
    await expect(answers(agent)).toHaveCount(1);
    await expect(answers(agent)).toContainText("Respuesta automática");
    for (const width of [375, 1024, 1440]) {
      await agent.setViewportSize({ width, height: 800 });
      await agent.screenshot({ path: test.info().outputPath(`consola-respuesta-${width}.png`) });
    }
    await agent.close();

    // With the hours on, the metrics' summary CSV carries the first response in business hours.
    await page.goto("/support/metrics");
    await expect(page.getByRole("heading", { name: "Métricas", level: 1 })).toBeVisible();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Descargar CSV: Resumen" }).click(),
    ]);
    const rows = new Map(
      (await readFile(await download.path(), "utf8"))
        .slice(1)
        .split("\r\n")
        .map((line) => line.split(",") as [string, string]),
    );
    expect(rows.get("primera_respuesta_horario_mediana_s")).toMatch(/^\d+(\.\d+)?$/);
    expect(rows.get("primera_respuesta_horario_p90_s")).toMatch(/^\d+(\.\d+)?$/);
  } finally {
    // The other specs run at any real hour: leave the hours and the answer off.
    await setHours(page, false);
  }
  expect(warnings).toEqual([]);
});
