import AxeBuilder from "@axe-core/playwright";
import type { Browser, Locator, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { signIn } from "./fixtures";

async function signedInPage(browser: Browser, email: string, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  await page.goto(path);
  return page;
}

/** Types into `box` a little at a time until the other side shows `indicator`. */
async function typeUntilSeen(box: Locator, indicator: Locator) {
  await expect(async () => {
    await box.pressSequentially("hola ");
    await expect(indicator).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}

const messages = (page: Page) => page.getByRole("list", { name: "Mensajes de la conversación" });
const bubble = (page: Page, text: string) => messages(page).getByRole("listitem").filter({ hasText: text });

test("typing shows both ways, and each side corrects its own message with 'editado' shown live on the other", async ({ browser }) => {
  const candidate = await signedInPage(browser, "candidato2@example.com", "/chat-soporte");
  const agent = await signedInPage(browser, "soporte2@example.com", "/support/communication");

  const subject = `Edición ${Date.now()}`;
  await candidate.getByLabel("Asunto").fill(subject);
  await candidate.getByRole("button", { name: "Empezar" }).click();
  await expect(candidate.getByRole("heading", { name: subject })).toBeVisible();
  await candidate.getByLabel("Escribe tu mensaje").fill("Mi correo es ana@exmaple.com");
  await candidate.getByLabel("Escribe tu mensaje").press("Enter");

  await agent.getByRole("list", { name: "Bandeja de entrada" }).getByRole("button", { name: new RegExp(subject) }).click();
  await expect(messages(agent)).toContainText("ana@exmaple.com");

  // Typing, candidate → agent and agent → candidate, named. Typing is a passing signal, not stored:
  // one sent before the other side's live stream is open is not replayed, so keep typing until seen.
  await typeUntilSeen(candidate.getByLabel("Escribe tu mensaje"), agent.getByText("Diego Candidato está escribiendo…"));
  await candidate.getByLabel("Escribe tu mensaje").fill("");
  await typeUntilSeen(agent.getByLabel("Escribe tu respuesta"), candidate.getByText("Bruno Soporte está escribiendo…"));
  await agent.getByLabel("Escribe tu respuesta").fill("Lo cambio en un momento");
  await agent.getByLabel("Escribe tu respuesta").press("Enter");
  // The reply reaches the candidate inside a polite live region: a screen reader reads it out.
  await expect(messages(candidate)).toHaveAttribute("aria-live", "polite");
  await expect(messages(candidate)).toContainText("Lo cambio en un momento");

  // The candidate corrects the typo, from the keyboard: the editor opens focused, Enter saves.
  const edit = bubble(candidate, "ana@exmaple.com").getByRole("button", { name: "Editar tu mensaje" });
  await edit.focus();
  await candidate.keyboard.press("Enter");
  const editor = candidate.getByRole("textbox", { name: "Editar tu mensaje" });
  await expect(editor).toBeFocused();
  const scan = await new AxeBuilder({ page: candidate }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await editor.fill("Mi correo es ana@example.com");
  await candidate.screenshot({ path: "/tmp/atiende-widths/message-edit.png" });
  await editor.press("Enter");
  await expect(bubble(candidate, "ana@example.com")).toContainText("editado");
  // Focus is back on the message's own "Editar", not lost to the page.
  await expect(bubble(candidate, "ana@example.com").getByRole("button", { name: "Editar tu mensaje" })).toBeFocused();
  await expect(bubble(agent, "ana@example.com")).toContainText("editado");
  await expect(messages(agent)).not.toContainText("exmaple");

  // The agent corrects their reply; Escape first leaves it as it was.
  await bubble(agent, "Lo cambio en un momento").getByRole("button", { name: "Editar tu mensaje" }).click();
  await agent.getByRole("textbox", { name: "Editar tu mensaje" }).press("Escape");
  await expect(agent.getByRole("textbox", { name: "Editar tu mensaje" })).toHaveCount(0);
  await bubble(agent, "Lo cambio en un momento").getByRole("button", { name: "Editar tu mensaje" }).click();
  await agent.getByRole("textbox", { name: "Editar tu mensaje" }).fill("Listo, ya está cambiado");
  await agent.getByRole("button", { name: "Guardar" }).click();
  await expect(bubble(candidate, "Listo, ya está cambiado")).toContainText("editado");

  // Nobody is offered to edit someone else's message.
  await expect(bubble(agent, "ana@example.com").getByRole("button", { name: "Editar tu mensaje" })).toHaveCount(0);
  await expect(bubble(candidate, "Listo, ya está cambiado").getByRole("button", { name: "Editar tu mensaje" })).toHaveCount(0);
  // Leave nothing open: other specs count this candidate's open conversations.
  await candidate.getByRole("button", { name: "Marcar como resuelta" }).click();
  await expect(candidate.getByRole("button", { name: "Reabrir" })).toBeVisible();
});
