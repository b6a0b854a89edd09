import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";
import { signIn, watchRenderWarnings } from "./fixtures";

/** Each console page's render warnings (see watchRenderWarnings), from its first navigation. */
const renderWarnings = new WeakMap<Page, string[]>();

async function openConsole(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  renderWarnings.set(page, watchRenderWarnings(page));
  await signIn(page, email);
  await page.goto("/support/communication");
  await expect(page.getByRole("heading", { name: "Bandeja de entrada" })).toBeVisible();
  return page;
}

const inboxItem = (page: Page, subject: string) =>
  page.getByRole("list", { name: "Bandeja de entrada" }).getByRole("button", { name: new RegExp(subject) });
const messages = (page: Page) => page.getByRole("list", { name: "Mensajes de la conversación" });

test("an agent works a candidate's new conversation end to end, and the candidate never sees the note", async ({ browser, request }) => {
  const agent = await openConsole(browser, "soporte@example.com");
  const candidate = await (await browser.newContext()).newPage();
  await signIn(candidate, "candidato@example.com");
  await candidate.goto("/chat-soporte");

  const subject = `Consola ${Date.now()}`;
  await candidate.getByLabel("Asunto").fill(subject);
  await candidate.getByRole("button", { name: "Empezar" }).click();
  await expect(candidate.getByRole("heading", { name: subject })).toBeVisible();
  await candidate.getByLabel("Escribe tu mensaje").fill("Necesito cambiar mi correo");
  await candidate.getByLabel("Escribe tu mensaje").press("Enter");

  // It appears in the agent's inbox without a reload, with the message's start.
  await expect(inboxItem(agent, subject)).toBeVisible();
  await expect(inboxItem(agent, subject)).toContainText("Necesito cambiar mi correo");
  await inboxItem(agent, subject).click();
  await expect(messages(agent)).toContainText("Necesito cambiar mi correo");

  await agent.getByRole("button", { name: "Asignarme" }).first().click();
  await expect(agent.getByRole("complementary", { name: "Detalles" })).toContainText("Ana Soporte");
  // The candidate sees who is helping them, live.
  await expect(candidate.getByText("Te atiende Ana Soporte")).toBeVisible();

  await agent.getByLabel("Escribe tu respuesta").fill("Claro, te ayudo con eso");
  await agent.getByLabel("Escribe tu respuesta").press("Enter");
  await expect(messages(candidate)).toContainText("Claro, te ayudo con eso");

  const note = `Nota: verificar identidad ${Date.now()}`;
  await agent.getByRole("radio", { name: "Nota interna" }).check();
  await agent.getByLabel("Escribe una nota interna").fill(note);
  await agent.getByLabel("Escribe una nota interna").press("Enter");
  await expect(messages(agent)).toContainText(note);

  await agent.getByRole("button", { name: "Marcar como resuelta" }).click();
  await expect(candidate.getByRole("button", { name: "Reabrir" })).toBeVisible();

  // The candidate rates the help; the agent sees it in the details.
  await candidate.getByRole("radio", { name: "4 estrellas de 5" }).check({ force: true });
  await candidate.getByLabel("Comentario (opcional)").fill("Rápido y amable");
  await candidate.getByRole("button", { name: "Enviar calificación" }).click();
  const details = agent.getByRole("complementary", { name: "Detalles" });
  await expect(details.getByRole("img", { name: "4 de 5" })).toBeVisible();
  await expect(details).toContainText("Rápido y amable");

  // The candidate never gets the note: not in the page, not from the API.
  await candidate.reload();
  await candidate.getByRole("button", { name: new RegExp(subject) }).click();
  await expect(messages(candidate)).toContainText("Claro, te ayudo con eso");
  await expect(candidate.getByText(note)).toHaveCount(0);
  const read = (path: string, input: unknown) =>
    candidate.evaluate(
      async ([p, i]) => (await fetch(`/api/trpc/${p}?input=${encodeURIComponent(JSON.stringify({ json: i }))}`)).text(),
      [path, input] as const,
    );
  const listed = JSON.parse(await read("conversation.list", { limit: 50 })) as {
    result: { data: { json: { items: { id: string; subject: string }[] } } };
  };
  const conversationId = listed.result.data.json.items.find((c) => c.subject === subject)?.id;
  expect(conversationId).toBeDefined();
  const viaTrpc = await read("message.list", { conversationId });
  expect(viaTrpc).toContain("Claro, te ayudo con eso");
  expect(viaTrpc).not.toContain(note);
  const viaRest = await (await restAs(request, "candidato@example.com")).get(`/api/chat/session/${conversationId}/messages`);
  expect(JSON.stringify(viaRest.body)).toContain("Claro, te ayudo con eso");
  expect(JSON.stringify(viaRest.body)).not.toContain(note);

  // The agent's filters and search find it.
  await agent.getByLabel("Vista").selectOption("mine");
  await agent.getByLabel("Estado", { exact: true }).selectOption("resolved");
  await expect(inboxItem(agent, subject)).toBeVisible();
  await agent.getByLabel("Estado", { exact: true }).selectOption("open");
  await expect(inboxItem(agent, subject)).toHaveCount(0);
  await agent.getByLabel("Estado", { exact: true }).selectOption("");
  await agent.getByLabel("Vista").selectOption("all");
  await agent.getByLabel("Buscar conversaciones").fill("cambiar correo");
  await expect(inboxItem(agent, subject)).toBeVisible();
  await agent.getByLabel("Buscar conversaciones").fill("palabraquenoexiste");
  await expect(agent.getByText("No hay conversaciones con estos filtros.")).toBeVisible();
  // Live updates, relative times and the details' dates rendered without a warning.
  expect(renderWarnings.get(agent)).toEqual([]);
});

test("two agents on one conversation see each other's replies live", async ({ browser, request }) => {
  const { token } = await restAs(request, "candidato2@example.com");
  const subject = `Dos agentes ${Date.now()}`;
  const created = await request.post("/api/trpc/conversation.create", {
    headers: { authorization: `Bearer ${token}` },
    data: { json: { subject } },
  });
  expect(created.status()).toBe(200);

  const ana = await openConsole(browser, "soporte@example.com");
  const bruno = await openConsole(browser, "soporte2@example.com");
  for (const page of [ana, bruno]) await inboxItem(page, subject).click();

  await ana.getByLabel("Escribe tu respuesta").fill("Lo reviso yo");
  await ana.getByLabel("Escribe tu respuesta").press("Enter");
  await expect(messages(bruno)).toContainText("Lo reviso yo");
  await bruno.getByLabel("Escribe tu respuesta").fill("Perfecto, gracias Ana");
  await bruno.getByLabel("Escribe tu respuesta").press("Enter");
  await expect(messages(ana)).toContainText("Perfecto, gracias Ana");

  // Ana takes it and Bruno sees that live, so he cannot take it over unknowingly.
  await ana.getByRole("button", { name: "Asignarme" }).first().click();
  for (const page of [ana, bruno]) {
    const assignee = page.getByRole("complementary", { name: "Detalles" }).getByLabel("Reasignar a");
    await expect(assignee.locator("option:checked")).toHaveText("Ana Soporte");
  }
});

test("keyboard: j/k move through the inbox, r focuses the reply, ? lists the shortcuts", async ({ browser }) => {
  const agent = await openConsole(browser, "soporte@example.com");
  await agent.getByLabel("Estado", { exact: true }).selectOption("");
  await agent.locator("body").click({ position: { x: 5, y: 5 } });
  const open = agent.getByRole("main").getByRole("heading", { level: 2 }).first();
  await agent.keyboard.press("j");
  await expect(agent.getByLabel("Escribe tu respuesta")).toBeVisible();
  const first = (await open.textContent()) ?? "";
  await agent.keyboard.press("j");
  await expect(open).not.toHaveText(first);
  await agent.keyboard.press("k");
  await expect(open).toHaveText(first);
  await agent.keyboard.press("r");
  await expect(agent.getByLabel("Escribe tu respuesta")).toBeFocused();
  await agent.getByLabel("Escribe tu respuesta").press("Escape");
  await agent.getByLabel("Escribe tu respuesta").blur();
  await agent.keyboard.press("/");
  await expect(agent.getByLabel("Buscar conversaciones")).toBeFocused();
  await agent.getByLabel("Buscar conversaciones").blur();
  await agent.keyboard.press("?");
  await expect(agent.getByRole("dialog", { name: "Atajos de teclado" })).toBeVisible();
  await agent.keyboard.press("Escape");
  await expect(agent.getByRole("dialog", { name: "Atajos de teclado" })).toBeHidden();
});

test("the console passes an axe scan and a candidate is refused", async ({ browser, page }) => {
  const agent = await openConsole(browser, "soporte@example.com");
  await agent.getByLabel("Estado", { exact: true }).selectOption("");
  await inboxItem(agent, "Duda sobre una entrevista").click();
  await expect(messages(agent)).toContainText("entrevista");
  const scan = await new AxeBuilder({ page: agent }).analyze();
  const serious = scan.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await agent.screenshot({ path: "test-results/console-desktop.png" });
  // Server and browser render the console alike: no hydration mismatch, no time zone fallback.
  await agent.reload();
  await expect(agent.getByRole("heading", { name: "Bandeja de entrada" })).toBeVisible();
  const inbox = agent.getByRole("list", { name: "Bandeja de entrada" });
  await expect(inbox.getByRole("button").first()).toBeVisible();
  expect(renderWarnings.get(agent)).toEqual([]);

  // On a phone: the inbox or the open conversation (not both squeezed), nothing wider than the screen.
  await agent.setViewportSize({ width: 375, height: 740 });
  await inbox.getByRole("button").first().click();
  await expect(inbox).toBeHidden();
  await expect(agent.getByLabel("Escribe tu respuesta")).toBeVisible();
  expect(await agent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await agent.screenshot({ path: "test-results/console-375.png" });
  await agent.getByRole("button", { name: "Volver a la bandeja" }).click();
  await expect(inbox).toBeVisible();

  await signIn(page, "candidato@example.com");
  await page.goto("/support/communication");
  await expect(page.getByRole("heading", { name: "Sin acceso" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Bandeja de entrada" })).toHaveCount(0);
});

test("in English, the saved-replies dialog words the server's refusals in English", async ({ browser, request }) => {
  const candidate = await restAs(request, "candidato@example.com");
  const subject = `Respuestas ${Date.now()}`;
  expect((await candidate.post("/api/support/chat/conversations", { subject })).status).toBe(201);

  const agent = await openConsole(browser, "soporte@example.com");
  await agent.context().addCookies([{ name: "atiende-locale", value: "en", url: agent.url() }]);
  await agent.reload();
  await agent.getByRole("list", { name: "Inbox" }).getByRole("button", { name: new RegExp(subject) }).click();
  await agent.getByRole("button", { name: "Manage saved replies" }).click();
  const dialog = agent.getByRole("dialog", { name: "Saved replies" });
  const shortcut = `dup-${Date.now()}`;
  const save = async (text: string) => {
    await dialog.getByLabel("Shortcut").fill(shortcut);
    await dialog.getByLabel("Text").fill(text);
    await dialog.getByRole("button", { name: "Save reply" }).click();
  };

  await save("Hello, how can I help?");
  await expect(dialog.getByText(`/${shortcut}`, { exact: true })).toBeVisible();
  // The API refuses a second reply with the same shortcut (its message is in Spanish).
  await save("Another text");
  await expect(dialog.getByRole("alert")).toHaveText(`A saved reply with the shortcut /${shortcut} already exists.`);
  await agent.screenshot({ path: "test-results/saved-replies-refusal-en.png" });

  await dialog.getByRole("button", { name: `Delete /${shortcut}` }).click();
  await expect(dialog.getByText(`/${shortcut}`, { exact: true })).toHaveCount(0);
});
