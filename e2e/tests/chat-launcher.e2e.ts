import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";
import { signIn } from "./fixtures";

test("the floating button opens the candidate's conversation over the page, live, keeping the draft", async ({ page, request }) => {
  await signIn(page, "candidato@example.com");
  const launcher = page.getByRole("button", { name: /Abrir el chat de soporte/ });
  await launcher.click();
  const panel = page.getByRole("dialog", { name: "Soporte" });
  await expect(panel).toBeVisible();
  const composer = panel.getByLabel("Escribe tu mensaje");
  await expect(composer).toBeFocused();

  const hello = `Hola desde el botón flotante ${Date.now()}`;
  await page.keyboard.type(hello);
  await page.keyboard.press("Enter");
  await expect(panel.getByText(hello)).toBeVisible();

  const agent = await restAs(request, "soporte@example.com");
  const inbox = await agent.get<{ id: string; candidate_user_id: string; status: string }[]>(
    "/api/support/chat/conversations?status=open&per_page=100",
  );
  const candidate = await restAs(request, "candidato@example.com");
  const conversation = inbox.body.data?.find((c) => c.candidate_user_id === candidate.user.id);
  const id = conversation?.id ?? "";
  const reply = `Hola, ¿en qué te ayudo? ${Date.now()}`;
  await agent.post(`/api/support/chat/conversations/${id}/messages`, { content: reply });
  await expect(panel.getByText(reply)).toBeVisible();

  const scan = await new AxeBuilder({ page }).analyze();
  const serious = scan.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.screenshot({ path: "test-results/chat-launcher-open.png" });

  const unread = async () => Number(/\((\d+) sin leer\)/.exec((await launcher.textContent()) ?? "")?.[1] ?? 0);
  const unreadBefore = await unread();

  // Closing keeps the draft and gives focus back to the button.
  await composer.fill("Un borrador");
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(launcher).toBeFocused();

  // A reply while the panel is closed shows on the badge.
  const ping = `¿Sigues ahí? ${Date.now()}`;
  await agent.post(`/api/support/chat/conversations/${id}/messages`, { content: ping });
  await expect.poll(unread).toBe(unreadBefore + 1);

  await launcher.click();
  await expect(panel.getByLabel("Escribe tu mensaje")).toHaveValue("Un borrador");
  await expect(panel.getByText(ping)).toBeVisible();
});
