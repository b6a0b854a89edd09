import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";
import { signIn, watchRenderWarnings } from "./fixtures";

test("a candidate holds a live conversation with support on /chat-soporte", async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const renderWarnings = watchRenderWarnings(page);
  await signIn(page, "candidato@example.com");
  await page.getByRole("link", { name: "Chat de soporte" }).click();
  await expect(page.getByRole("heading", { name: "Chat de soporte" })).toBeVisible();

  const subject = `Ayuda con mi CV ${Date.now()}`;
  await page.getByLabel("Asunto").fill(subject);
  await page.getByLabel("Prioridad").selectOption("high");
  await page.getByRole("button", { name: "Empezar" }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  // The form is ready for the next one: empty, at the default priority.
  await expect(page.getByLabel("Asunto")).toHaveValue("");
  await expect(page.getByLabel("Prioridad")).toHaveValue("normal");

  // Keyboard only: type and press Enter.
  const composer = page.getByLabel("Escribe tu mensaje");
  await composer.focus();
  await page.keyboard.type("Hola, no puedo subir mi CV");
  await page.keyboard.press("Enter");
  const messages = page.getByRole("list", { name: "Mensajes de la conversación" });
  await expect(messages.getByText("Hola, no puedo subir mi CV")).toBeVisible();
  await expect(composer).toHaveValue("");

  // Support finds it through the console API and answers; the candidate sees it without reloading.
  const agent = await restAs(request, "soporte@example.com");
  const inbox = await agent.get<{ id: string; subject: string }[]>("/api/support/chat/conversations?per_page=100");
  const conversation = inbox.body.data?.find((c) => c.subject === subject);
  expect(conversation).toMatchObject({ priority: "high" });
  const id = conversation?.id ?? "";
  await agent.post(`/api/support/chat/conversations/${id}/messages`, { content: "Hola, soy Ana. ¿Qué error ves?" });
  await expect(messages.getByText("Hola, soy Ana. ¿Qué error ves?")).toBeVisible();
  await expect(messages.getByText("Ana Soporte")).toBeVisible();

  // The agent reads it: the candidate's last message shows "Visto".
  await agent.post(`/api/support/chat/conversations/${id}/messages`, { content: "¿Sigues ahí?" });
  await page.keyboard.type("Sí, aquí sigo");
  await page.keyboard.press("Enter");
  await expect(messages.getByText("Sí, aquí sigo")).toBeVisible();
  await agent.post(`/api/support/chat/conversations/${id}/read`, {});
  await expect(messages.getByText("Visto")).toBeVisible();

  // Hostile text is shown as text and runs nothing.
  await page.keyboard.type("<img src=x onerror=alert(1)>");
  await page.keyboard.press("Enter");
  await expect(messages.getByText("<img src=x onerror=alert(1)>")).toBeVisible();
  expect(await messages.locator("img").count()).toBe(0);

  // A draft survives a reload.
  await page.keyboard.type("Borrador a medias");
  await page.reload();
  await expect(page.getByLabel("Escribe tu mensaje")).toHaveValue("Borrador a medias");
  expect(dialogs).toEqual([]);
  expect(renderWarnings).toEqual([]);

  const scan = await new AxeBuilder({ page }).analyze();
  const serious = scan.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.screenshot({ path: "test-results/chat-soporte-desktop.png" });

  await page.setViewportSize({ width: 375, height: 740 });
  await expect(page.getByLabel("Escribe tu mensaje")).toBeVisible();
  await page.screenshot({ path: "test-results/chat-soporte-375.png" });
});

test("a message sent through a dropped connection stays 'sending', then arrives once", async ({ page, request }) => {
  await signIn(page, "candidato2@example.com");
  await page.goto("/chat-soporte");
  const subject = `Conexión inestable ${Date.now()}`;
  await page.getByLabel("Asunto").fill(subject);
  await page.getByRole("button", { name: "Empezar" }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();

  // The first two attempts never reach the server (as on a train going through a tunnel).
  let dropped = 0;
  await page.route(/\/api\/trpc\/[^?]*message\.send/, async (route) => {
    if (dropped < 2) {
      dropped += 1;
      return route.abort("internetdisconnected");
    }
    return route.continue();
  });
  const content = `Enviado con cortes ${Date.now()}`;
  await page.getByLabel("Escribe tu mensaje").fill(content);
  await page.keyboard.press("Enter");
  const messages = page.getByRole("list", { name: "Mensajes de la conversación" });
  await expect(messages).toContainText(content);
  await expect.poll(() => dropped).toBe(2);
  await expect(messages.getByRole("button", { name: "Reintentar" })).toHaveCount(0);

  // Stored exactly once, as the agent sees it.
  const agent = await restAs(request, "soporte@example.com");
  const inbox = await agent.get<{ id: string; subject: string }[]>("/api/support/chat/conversations?per_page=100");
  const id = inbox.body.data?.find((c) => c.subject === subject)?.id ?? "";
  await expect
    .poll(async () => {
      const page = await agent.get<{ content: string }[]>(`/api/support/chat/conversations/${id}/messages?per_page=100`);
      return page.body.data?.filter((m) => m.content === content).length;
    })
    .toBe(1);
  // And the candidate's own view shows it once, sent (not pending).
  await page.reload();
  await expect(messages).toContainText(content);
  expect((await messages.innerText()).split(content).length - 1).toBe(1);
});
