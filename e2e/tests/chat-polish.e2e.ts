import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";
import { signIn } from "./fixtures";

const TITLE = "Chat de soporte · Atiende";

/** Signs in as the demo candidate and starts a conversation with a unique subject on /chat-soporte. */
async function startConversation(page: Page, request: APIRequestContext, label: string) {
  await signIn(page, "candidato@example.com");
  await page.goto("/chat-soporte");
  const subject = `${label} ${Date.now()}`;
  await page.getByLabel("Asunto").fill(subject);
  await page.getByRole("button", { name: "Empezar" }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  const agent = await restAs(request, "soporte@example.com");
  const inbox = await agent.get<{ id: string; subject: string }[]>("/api/support/chat/conversations?per_page=100");
  const id = inbox.body.data?.find((c) => c.subject === subject)?.id ?? "";
  expect(id).not.toBe("");
  return { id, agent, messages: page.getByRole("list", { name: "Mensajes de la conversación" }) };
}

async function send(page: Page, text: string) {
  const composer = page.getByLabel("Escribe tu mensaje");
  await composer.fill(text);
  await composer.press("Enter");
}

/** Makes the page believe its tab went to the background (or came back). */
async function setTabHidden(page: Page, hidden: boolean) {
  await page.evaluate((isHidden) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (isHidden ? "hidden" : "visible") });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => isHidden });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

/** A tRPC query over HTTP with a bearer token (superjson on the wire). */
async function trpcQuery<T>(request: APIRequestContext, token: string, path: string, input: unknown) {
  const url = `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const response = await request.get(url, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

test("messages are grouped under day headings in the person's locale and time zone", async ({ page, request }) => {
  const { messages } = await startConversation(page, request, "Separadores");
  await send(page, "Hola, escribo hoy");
  await expect(messages.getByText("Hola, escribo hoy")).toBeVisible();
  await expect(messages.getByRole("heading", { name: "Hoy" })).toBeVisible();

  // The demo conversation is three days old: its heading is the date, in Spanish, in Mexico City.
  await page.getByRole("button", { name: /No puedo subir mi CV/ }).click();
  const old = page.getByRole("list", { name: "Mensajes de la conversación" });
  await expect(old.getByText("Unos 12 MB.")).toBeVisible();
  const seeded = new Date(Date.now() - 3 * 24 * 60 * 60_000);
  const expected = new Intl.DateTimeFormat("es-ES", {
    timeZone: "America/Mexico_City",
    weekday: "long",
    day: "numeric",
    month: "long",
  }).format(seeded);
  await expect(old.getByRole("heading", { level: 3 })).toHaveText([expected]);
});

test("http(s) links in a message open safely in a new tab; anything else stays text", async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const { id, agent, messages } = await startConversation(page, request, "Enlaces");
  await agent.post(`/api/support/chat/conversations/${id}/messages`, {
    content: "Lee https://example.com/ayuda?tema=cv, o no: javascript:alert(1) ni <a href=\"javascript:alert(2)\">esto</a>",
  });
  const bubble = messages.getByRole("listitem").filter({ hasText: "Lee " });
  const link = bubble.getByRole("link", { name: "https://example.com/ayuda?tema=cv" });
  await expect(link).toHaveAttribute("href", "https://example.com/ayuda?tema=cv");
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  await expect(bubble.getByRole("link")).toHaveCount(1);
  await expect(bubble).toContainText('javascript:alert(1) ni <a href="javascript:alert(2)">esto</a>');
  expect(dialogs).toEqual([]);
});

test("after resolving, the candidate rates the help; it is stored and thanked", async ({ page, request }) => {
  const { id, messages } = await startConversation(page, request, "Calificación");
  await send(page, "Ya está, gracias");
  await expect(messages.getByText("Ya está, gracias")).toBeVisible();
  await page.getByRole("button", { name: "Marcar como resuelta" }).click();

  const form = page.getByRole("region", { name: "¿Cómo fue la atención?" });
  await expect(form).toBeVisible();
  const scan = await new AxeBuilder({ page }).include("section[aria-labelledby]").analyze();
  expect(scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  await form.getByRole("radio", { name: "4 estrellas de 5" }).check({ force: true });
  await form.getByLabel("Comentario (opcional)").fill("  Rápido y amable  ");
  await page.screenshot({ path: "test-results/chat-polish-rating.png" });
  await form.getByRole("button", { name: "Enviar calificación" }).click();
  await expect(page.getByRole("status").filter({ hasText: "¡Gracias por tu calificación!" })).toBeVisible();
  await expect(page.getByText("Calificaste esta atención con 4 de 5.")).toBeVisible();

  const candidate = await restAs(request, "candidato@example.com");
  const ratings = await trpcQuery<{ score: number; comment: string | null }[]>(
    request,
    candidate.token,
    "conversation.ratings",
    { id },
  );
  expect(ratings).toEqual([expect.objectContaining({ score: 4, comment: "Rápido y amable" })]);

  // Still thanked after a reload: the form does not come back for the same resolution.
  await page.reload();
  await page.getByRole("button", { name: /Calificación/ }).first().click();
  await expect(page.getByText("¡Gracias por tu calificación!")).toBeVisible();
  await expect(page.getByRole("button", { name: "Enviar calificación" })).toHaveCount(0);
});

test("the language switch shows the app in English, dates included, and back", async ({ page, request }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Idioma").selectOption("en");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByLabel("Language").selectOption("es");
  await expect(page.getByRole("heading", { name: "Inicia sesión" })).toBeVisible();

  const { messages } = await startConversation(page, request, "Lengua");
  await send(page, "Hello");
  await expect(messages.getByRole("heading", { name: "Hoy" })).toBeVisible();
  await page.getByText("Carla Candidata ▾").click();
  await page.getByLabel("Idioma", { exact: true }).selectOption("en");
  await expect(page.getByRole("heading", { name: "Support chat" })).toBeVisible();
  await expect(page.getByRole("list", { name: /messages/i }).getByRole("heading", { name: "Today" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark as resolved" })).toBeVisible();
  await expect(page).toHaveTitle("Support chat · Atiende");
  await page.screenshot({ path: "test-results/chat-polish-english.png" });
});

test("while the tab is hidden, replies count in the title and notify; back in front they are read", async ({ page, request }) => {
  // A stand-in Notification that the person already allowed, recording what the page shows.
  await page.addInitScript(() => {
    const shown: string[] = [];
    Object.assign(window, { shownNotifications: shown });
    class RecordingNotification {
      static permission = "granted";
      static requestPermission = () => Promise.resolve("granted");
      constructor(title: string) {
        shown.push(title);
      }
    }
    Object.defineProperty(window, "Notification", { configurable: true, value: RecordingNotification });
  });
  const { id, agent, messages } = await startConversation(page, request, "Pestaña oculta");
  await expect(page).toHaveTitle(TITLE);
  await send(page, "Te espero");
  await expect(messages.getByText("Te espero")).toBeVisible();

  await setTabHidden(page, true);
  await agent.post(`/api/support/chat/conversations/${id}/messages`, { content: "Primera respuesta" });
  await agent.post(`/api/support/chat/conversations/${id}/messages`, { content: "Segunda respuesta" });
  await expect(messages.getByText("Segunda respuesta")).toBeAttached();
  await expect(page).toHaveTitle(`(2) ${TITLE}`);
  const shown = () => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);
  await expect.poll(shown).toEqual(["Nueva respuesta de Ana Soporte", "Nueva respuesta de Ana Soporte"]);

  // Nothing was marked read while hidden, even though the replies are on screen.
  const candidate = await restAs(request, "candidato@example.com");
  const unreadCount = async () => {
    const mine = await candidate.get<{ id: string; unread_count: number }[]>("/api/support/chat/conversations?per_page=100");
    return mine.body.data?.find((c) => c.id === id)?.unread_count;
  };
  expect(await unreadCount()).toBe(2);

  await setTabHidden(page, false);
  await expect(page).toHaveTitle(TITLE);
  await expect.poll(unreadCount).toBe(0);
});

test("scrolling to the top of a long conversation loads the earlier messages by itself", async ({ page, request }) => {
  const { id } = await startConversation(page, request, "Historial largo");
  const developer = await restAs(request, "developer@example.com");
  for (let i = 1; i <= 40; i++) {
    const sent = await request.post("/api/trpc/message.send", {
      headers: { authorization: `Bearer ${developer.token}` },
      data: { json: { conversationId: id, content: `Mensaje número ${String(i).padStart(2, "0")}.` } },
    });
    expect(sent.status()).toBe(200);
  }
  await page.reload();
  await page.getByRole("button", { name: /Historial largo/ }).click();
  const messages = page.getByRole("list", { name: "Mensajes de la conversación" });
  // The first page holds the newest 30 (11 to 40).
  await expect(messages).toContainText("Mensaje número 40.");
  await expect(messages).toContainText("Mensaje número 11.");
  await expect(messages).not.toContainText("Mensaje número 01.");
  await messages.evaluate((list) => list.scrollTo({ top: 0 }));
  await expect(messages).toContainText("Mensaje número 01.");
});
