import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";
import { signIn, watchRenderWarnings } from "./fixtures";

/*
 * Web Push in Chromium. Its push service (Google's) cannot be reached from these machines, so the
 * server's side is proven in packages/api (a push service of the test's own); here the browser's:
 * the switch registers the service worker, a push delivered through the DevTools protocol shows a
 * notification, and its click handler opens the conversation.
 */

const email = "candidato4@example.com";

async function serviceWorker(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  const versions = new Promise<{ registrationId: string; scriptURL: string; status: string }[]>(
    (resolve) =>
      cdp.on("ServiceWorker.workerVersionUpdated", ({ versions }) => {
        const running = versions.filter(
          (v: { status: string; scriptURL: string }) =>
            v.status === "activated" && v.scriptURL.endsWith("/sw.js"),
        );
        if (running.length > 0) resolve(running);
      }),
  );
  await cdp.send("ServiceWorker.enable");
  const [version] = await versions;
  if (!version) throw new Error("no service worker");
  return { cdp, registrationId: version.registrationId };
}

/** WCAG 2.2 AA by axe, then screenshots at the three widths to look at. */
async function checkScreen(page: Page, name: string) {
  const scan = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"])
    .analyze();
  expect(scan.violations.map((v) => v.id)).toEqual([]);
  for (const width of [375, 1024, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
}

const shownNotifications = (page: Page) =>
  page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      data: n.data as unknown,
    }));
  });

test("a push shows a notification, and its click opens the conversation", async ({
  page,
  context,
  request,
  baseURL,
}) => {
  const warnings = watchRenderWarnings(page);
  const candidate = await restAs(request, email);
  const active = await candidate.get<{ id: string } | null>("/api/chat/session/active");
  const conversationId =
    active.body.data?.id ??
    (await candidate.post<{ id: string }>("/api/chat/session")).body.data?.id ??
    "";
  expect(conversationId).not.toBe("");
  const content = `Respuesta para el aviso ${Date.now()}`;
  const agent = await restAs(request, "soporte2@example.com");
  expect(
    (await agent.post(`/api/support/chat/conversations/${conversationId}/messages`, { content }))
      .status,
  ).toBe(201);

  await context.grantPermissions(["notifications"], { origin: baseURL });
  await signIn(page, email);
  await page.goto("/chat-soporte");
  // The switch registers the worker at the root; subscribing needs Google's push service, which
  // may be unreachable here, so either outcome of that step is accepted, said to the person.
  await page.getByRole("button", { name: "Activar avisos en este dispositivo" }).click();
  await expect(
    page
      .getByText("Avisos activados en este dispositivo.")
      .or(page.getByText("No se pudieron cambiar los avisos")),
  ).toBeVisible({
    timeout: 30_000,
  });
  await checkScreen(page, "chat-soporte-push");

  const { cdp, registrationId } = await serviceWorker(context, page);
  const url = `/chat-soporte?conversation=${conversationId}`;
  const deliver = () =>
    cdp.send("ServiceWorker.deliverPushMessage", {
      origin: new URL(baseURL ?? "").origin,
      registrationId,
      data: JSON.stringify({
        title: "Bruno Soporte te respondió",
        body: content,
        url,
        tag: `conversation-${conversationId}`,
      }),
    });
  await deliver();
  // DevTools may hand the first push to a worker still starting, which drops it (once in CI): it
  // is delivered again while none shows. One tag per conversation, so repeats replace each other.
  await expect
    .poll(
      async () => {
        const shown = await shownNotifications(page);
        if (shown.length === 0) await deliver();
        return shown;
      },
      { timeout: 20_000 },
    )
    .toEqual([
      {
        title: "Bruno Soporte te respondió",
        body: content,
        tag: `conversation-${conversationId}`,
        data: { url: `${new URL(baseURL ?? "").origin}${url}` },
      },
    ]);

  // A push pointing elsewhere is kept on the app's own origin.
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin: new URL(baseURL ?? "").origin,
    registrationId,
    data: JSON.stringify({
      title: "Otro",
      body: "x",
      url: "https://evil.example/phish",
      tag: "other",
    }),
  });
  await expect
    .poll(async () => (await shownNotifications(page)).find((n) => n.tag === "other")?.data)
    .toEqual({ url: `${new URL(baseURL ?? "").origin}/` });

  // The click: the worker's own notificationclick handler, given the notification it showed.
  const [worker] = context.serviceWorkers().filter((w) => w.url().endsWith("/sw.js"));
  if (!worker) throw new Error("the service worker is not running");
  await worker.evaluate(async (tag) => {
    const scope = self as unknown as {
      registration: ServiceWorkerRegistration;
      dispatchEvent(e: Event): boolean;
    };
    const [notification] = await scope.registration.getNotifications({ tag });
    const NotificationEventClass = (
      self as unknown as {
        NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
      }
    ).NotificationEvent;
    if (!notification) throw new Error("no notification");
    scope.dispatchEvent(new NotificationEventClass("notificationclick", { notification }));
  }, `conversation-${conversationId}`);
  await expect(page).toHaveURL(new RegExp(`/chat-soporte\\?conversation=${conversationId}$`));
  await expect(page.getByText(content)).toBeVisible();
  // Clicked, it is gone.
  await expect
    .poll(async () => (await shownNotifications(page)).map((n) => n.tag))
    .toEqual(["other"]);
  expect(warnings).toEqual([]);
});

test("/perfil has the switch for this device beside the email one", async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(["notifications"], { origin: baseURL });
  await signIn(page, "soporte2@example.com");
  await page.goto("/perfil");
  await expect(page.getByRole("heading", { name: "Avisos en este dispositivo" })).toBeVisible();
  await expect(
    page.getByRole("button", { name: "Activar avisos en este dispositivo" }),
  ).toBeVisible();
  await checkScreen(page, "perfil-push");
});

test("the service worker is served from the root with a strict policy", async ({ request }) => {
  const response = await request.get("/sw.js");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/javascript/);
  expect(response.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(await response.text()).toContain("notificationclick");
});
