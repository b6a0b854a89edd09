import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { signIn } from "./fixtures";

/*
 * The console from 640 px (a 1280 px laptop at 200 % zoom; on a phone too) and the candidate's chat
 * from 320 px.
 * Screenshots go to /tmp/atiende-widths for a person to look at.
 */
const SHOTS = "/tmp/atiende-widths";
const HEIGHT = 800;

/** Nothing wider than the window: no sideways scrolling at this width. */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

const inbox = (page: Page) => page.getByRole("list", { name: "Bandeja de entrada" });

for (const width of [375, 640, 1024, 1440]) {
  test(`the console at ${width} px: inbox, thread and details all reachable`, async ({ page }) => {
    await page.setViewportSize({ width, height: HEIGHT });
    await signIn(page, "soporte@example.com");
    await page.goto("/support/communication");
    await expect(inbox(page).getByRole("button").first()).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/console-inbox-${width}.png` });
    await expectNoSidewaysScroll(page);

    await inbox(page).getByRole("button").first().click();
    const thread = page.getByRole("list", { name: "Mensajes de la conversación" });
    await expect(thread).toBeVisible();
    await expect(page.getByLabel("Escribe tu respuesta")).toBeVisible();
    await expect(thread.getByText("Cargando mensajes…")).toHaveCount(0);
    // Below 1024 px the thread takes the whole width, with a way back to the inbox.
    if (width < 1024) {
      await expect(inbox(page)).toBeHidden();
      await expect(page.getByRole("button", { name: "Volver a la bandeja" })).toBeVisible();
    } else {
      await expect(inbox(page)).toBeVisible();
    }
    const threadBox = await thread.boundingBox();
    expect(threadBox?.width ?? 0).toBeGreaterThanOrEqual(Math.min(400, width - 40));
    await page.screenshot({ path: `${SHOTS}/console-thread-${width}.png` });
    await expectNoSidewaysScroll(page);

    if (width >= 1280) {
      await expect(page.getByRole("complementary", { name: "Detalles" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Ver detalles" })).toHaveCount(0);
      return;
    }
    // Below the wide layout the details open as a drawer, usable, and give focus back when closed.
    const open = page.getByRole("button", { name: "Ver detalles" });
    await open.click();
    const drawer = page.getByRole("dialog", { name: "Detalles" });
    await expect(drawer).toBeVisible();
    await expect(drawer.getByLabel("Prioridad")).toBeEnabled();
    await expect(drawer.getByRole("heading", { name: "Conversaciones anteriores" })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/console-details-${width}.png` });
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(open).toBeFocused();
  });
}

test("a priority changed in the drawer shows in the inbox", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: HEIGHT });
  await signIn(page, "soporte@example.com");
  await page.goto("/support/communication");
  await inbox(page).getByRole("button").first().click();
  await page.getByRole("button", { name: "Ver detalles" }).click();
  const priority = page.getByRole("dialog", { name: "Detalles" }).getByLabel("Prioridad");
  const next = (await priority.inputValue()) === "high" ? "low" : "high";
  await priority.selectOption(next);
  await expect(priority).toHaveValue(next);
  await page.keyboard.press("Escape");
  await page.reload();
  await inbox(page).getByRole("button").first().click();
  await page.getByRole("button", { name: "Ver detalles" }).click();
  await expect(page.getByRole("dialog", { name: "Detalles" }).getByLabel("Prioridad")).toHaveValue(next);
});

for (const width of [320, 375, 640, 1024, 1440]) {
  test(`the candidate's chat at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: HEIGHT });
    await signIn(page, "candidato@example.com");
    await page.goto("/chat-soporte");
    await expect(page.getByRole("button", { name: "Empezar" })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/chat-list-${width}.png` });
    await expectNoSidewaysScroll(page);
    await page.getByLabel("Asunto").fill(`Ancho ${width}`);
    await page.getByRole("button", { name: "Empezar" }).click();
    await expect(page.getByRole("heading", { name: `Ancho ${width}` })).toBeVisible();
    await expect(page.getByLabel("Escribe tu mensaje")).toBeVisible();
    await expect(page.getByRole("button", { name: "Enviar" })).toBeVisible();
    await expect(page.getByText("Cargando mensajes…")).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/chat-thread-${width}.png` });
    await expectNoSidewaysScroll(page);
    // Leave nothing open: other specs count this candidate's open conversations.
    await page.getByRole("button", { name: "Marcar como resuelta" }).click();
    await expect(page.getByRole("button", { name: "Reabrir" })).toBeVisible();
  });
}
