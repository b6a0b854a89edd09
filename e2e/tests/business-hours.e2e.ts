import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { signIn, watchRenderWarnings } from "./fixtures";

/** Sets the team's hours on the admin screen: Monday to Friday 09:00–18:00 in Mexico City, or off. */
async function setHours(page: Page, enabled: boolean) {
  await page.goto("/support/admin/horario");
  await expect(page.getByRole("heading", { name: "Horario de atención", level: 1 })).toBeVisible();
  await page.getByLabel("Aplicar el horario de atención").setChecked(enabled);
  await page.getByLabel("Zona horaria").fill("America/Mexico_City");
  for (const day of ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes"]) {
    await page.getByLabel(`Abierto: ${day}`).check();
    await page.getByLabel(`Desde: ${day}`).fill("09:00");
    await page.getByLabel(`Hasta: ${day}`).fill("18:00");
  }
  for (const day of ["Sábado", "Domingo"]) await page.getByLabel(`Abierto: ${day}`).uncheck();
  await page.getByLabel("Días cerrados").fill("2026-12-25");
  await page.getByRole("button", { name: "Guardar el horario" }).click();
  await expect(page.getByText("Horario guardado.")).toBeVisible();
}

test("outside business hours the candidate's chat says when the team is back and still takes the message", async ({ browser, page }) => {
  const warnings = watchRenderWarnings(page);
  await signIn(page, "admin@example.com");
  await setHours(page, true);
  for (const width of [375, 1024, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`horario-${width}.png`), fullPage: true });
    // The week's table (two time inputs a day) fits: no sideways scrolling, a phone's width included.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `sideways scroll at ${width} px`).toBeLessThanOrEqual(0);
  }
  try {
    // Saturday 11:00 in Mexico City (the browser's zone too): back on Monday at 09:00.
    const candidate = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    await candidate.clock.setFixedTime(new Date("2026-12-12T17:00:00Z"));
    await signIn(candidate, "candidato2@example.com");
    await candidate.goto("/chat-soporte");
    const banner = candidate.getByRole("status").filter({ hasText: "Ahora no hay nadie del equipo" });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("Volvemos el lunes, 14 de diciembre");
    await expect(banner).toContainText("09:00");
    for (const width of [375, 1024, 1440]) {
      await candidate.setViewportSize({ width, height: 800 });
      await candidate.screenshot({ path: test.info().outputPath(`cerrado-${width}.png`) });
    }
    const subject = `Fuera de horario ${Date.now()}`;
    await candidate.getByLabel("Asunto").fill(subject);
    await candidate.getByRole("button", { name: "Empezar" }).click();
    // Typed once the new conversation is the one shown (drafts belong to a conversation).
    await expect(candidate.getByRole("heading", { name: subject })).toBeVisible();
    await candidate.getByLabel("Escribe tu mensaje").fill("¿Hay alguien?");
    await candidate.keyboard.press("Enter");
    await expect(candidate.getByRole("list", { name: "Mensajes de la conversación" }).getByText("¿Hay alguien?")).toBeVisible();
    await candidate.close();

    // Monday 11:00 there: inside the hours, nothing is said.
    const open = await browser.newPage();
    await open.clock.setFixedTime(new Date("2026-12-14T17:00:00Z"));
    await signIn(open, "candidato2@example.com");
    await open.goto("/chat-soporte");
    await expect(open.getByRole("heading", { name: "Chat de soporte" })).toBeVisible();
    await expect(open.getByRole("list", { name: "Mensajes de la conversación" })).toBeVisible();
    await expect(open.getByText("Ahora no hay nadie del equipo")).toHaveCount(0);
    await open.close();
  } finally {
    // The other specs run at any real hour: leave the hours off.
    await setHours(page, false);
  }
  expect(warnings).toEqual([]);
});
