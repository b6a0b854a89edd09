import type { Browser, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { signIn } from "./fixtures";

/** The saved-replies dialog of an agent's console, opened from the first conversation. */
async function openDialog(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  await page.goto("/support/communication");
  await page.getByRole("list", { name: "Bandeja de entrada" }).getByRole("button").first().click();
  await page.getByRole("button", { name: "Gestionar respuestas guardadas" }).click();
  return page;
}

test("an agent keeps personal saved replies beside the team's, and edits one in the dialog", async ({ browser }) => {
  const ana = await openDialog(browser, "soporte@example.com");
  const dialog = ana.getByRole("dialog", { name: "Respuestas guardadas" });
  const shortcut = `firma-${Date.now()}`;
  const save = async (text: string, personal: boolean) => {
    await dialog.getByLabel("Atajo").fill(shortcut);
    await dialog.getByLabel("Texto").fill(text);
    if (personal) await dialog.getByLabel("Solo para mí (personal)").check();
    await dialog.getByRole("button", { name: "Guardar respuesta" }).click();
    await expect(dialog.getByText(text)).toBeVisible();
  };
  await save("Un saludo del equipo de soporte", false);
  // The same shortcut again is refused for the team, but allowed as Ana's own.
  await dialog.getByLabel("Atajo").fill(shortcut);
  await dialog.getByLabel("Texto").fill("Otra vez");
  await dialog.getByRole("button", { name: "Guardar respuesta" }).click();
  await expect(dialog.getByRole("alert")).toHaveText(`Ya existe una respuesta guardada con el atajo /${shortcut}.`);
  await save("Un saludo, Ana", true);
  const mine = dialog.getByRole("listitem").filter({ hasText: "Un saludo, Ana" });
  await expect(mine).toContainText("Personal");

  // Edited in place: the form takes the reply, the list shows the new text.
  const team = dialog.getByRole("listitem").filter({ hasText: "Un saludo del equipo de soporte" });
  await team.getByRole("button", { name: `Editar /${shortcut}` }).click();
  await expect(dialog.getByLabel("Texto")).toHaveValue("Un saludo del equipo de soporte");
  await dialog.getByLabel("Texto").fill("Un cordial saludo del equipo");
  await dialog.getByRole("button", { name: "Guardar cambios" }).click();
  await expect(dialog.getByText("Un cordial saludo del equipo")).toBeVisible();
  await expect(dialog.getByText("Un saludo del equipo de soporte")).toHaveCount(0);
  for (const width of [375, 1024, 1440]) {
    await ana.setViewportSize({ width, height: 900 });
    await ana.screenshot({ path: `test-results/saved-replies-personal-${width}.png` });
  }

  // Another agent sees the team's reply, not Ana's own.
  const bruno = await openDialog(browser, "soporte2@example.com");
  const theirs = bruno.getByRole("dialog", { name: "Respuestas guardadas" });
  await expect(theirs.getByText("Un cordial saludo del equipo")).toBeVisible();
  await expect(theirs.getByText("Un saludo, Ana")).toHaveCount(0);
});
