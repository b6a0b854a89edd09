import { createHmac, randomUUID } from "node:crypto";

import type { Browser, Page } from "@playwright/test";
import { chromium, expect, test } from "@playwright/test";

import { signIn } from "./fixtures";

/** The demo job portal (examples/host-site), another site than Atiende's. */
const hostSite = process.env.E2E_HOST_SITE_URL ?? "http://127.0.0.1:3211";
const secret = process.env.ATIENDE_EMBED_SECRET ?? "";

const base64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** A host token as a host backend mints it; `key` other than the secret forges one. */
function hostToken(claims: Record<string, unknown>, key = secret, alg = "HS256") {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg, typ: "JWT" });
  const payload = base64url({ iat: now, exp: now + 600, ...claims });
  const signature = alg === "none" ? "" : createHmac("sha256", key).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** A browser that refuses third-party cookies, as browsers increasingly do: the frame needs none. */
async function cookielessBrowser(launchOptions: object): Promise<Browser> {
  const options = launchOptions as { executablePath?: string; args?: string[] };
  return chromium.launch({ ...options, args: [...(options.args ?? []), "--test-third-party-cookie-phaseout"] });
}

async function signInToPortal(page: Page, name: string, email: string) {
  await page.goto(hostSite);
  await page.getByLabel("Nombre").fill(name);
  await page.getByLabel("Correo").fill(email);
  await page.getByRole("button", { name: "Entrar al portal" }).click();
  await expect(page.getByText(`Hola, ${name}`)).toBeVisible();
}

const chatFrame = (page: Page) => page.frameLocator('iframe[title="Chat de soporte"]');
const launcher = (page: Page) => page.getByRole("button", { name: /chat de soporte/ });

test("a candidate chats from the host's page, the agent sees the host's context, and the next person on the browser sees nothing of it", async ({ browser }, testInfo) => {
  const cookieless = await cookielessBrowser(testInfo.project.use.launchOptions ?? {});
  const portal = await (await cookieless.newContext({ locale: "es-ES" })).newPage();
  const frameRequests: { url: string; cookie?: string }[] = [];
  portal.on("request", (request) => {
    if (request.frame() !== portal.mainFrame()) frameRequests.push({ url: request.url(), cookie: request.headers().cookie });
  });

  const name = `Lucía Portal ${randomUUID().slice(0, 6)}`;
  await signInToPortal(portal, name, `lucia-${randomUUID().slice(0, 8)}@portal.example`);

  // Open with the keyboard: focus moves into the chat, ready to type.
  await launcher(portal).focus();
  await portal.keyboard.press("Enter");
  const frame = chatFrame(portal);
  const composer = frame.getByLabel("Escribe tu mensaje");
  await expect(composer).toBeFocused();
  await portal.keyboard.type("Hola, ¿cómo va mi postulación?");
  await portal.keyboard.press("Enter");
  const messages = frame.getByRole("list", { name: "Mensajes de la conversación" });
  await expect(messages.getByText("Hola, ¿cómo va mi postulación?")).toBeVisible();
  // The conversation is about the page the candidate was on.
  await expect(frame.getByRole("heading", { name: "Portal de empleo" })).toBeVisible();

  // An attachment: uploaded and shown with the host's word alone (no cookie can reach the frame).
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAYAAAC09K7GAAAAEklEQVR4nGNwtjj1HxkzEBQAAKT1GzH7fmfFAAAAAElFTkSuQmCC",
    "base64",
  );
  const chooser = portal.waitForEvent("filechooser");
  await frame.getByRole("button", { name: "Adjuntar archivo" }).click();
  await (await chooser).setFiles({ name: "cv.png", mimeType: "image/png", buffer: png });
  await frame.getByRole("button", { name: "Enviar" }).click();
  const thumbnail = messages.getByRole("img", { name: "Imagen adjunta: cv.png" });
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(4);

  // Escape closes it, and focus returns to the button on the host page.
  await portal.keyboard.press("Escape");
  await expect(portal.getByRole("dialog", { name: "Chat de soporte" })).toBeHidden();
  await expect(launcher(portal)).toBeFocused();

  // The agent sees the host's context beside the conversation and answers.
  const agent = await (await browser.newContext()).newPage();
  await signIn(agent, "soporte@example.com");
  await agent.goto("/support/communication");
  await agent.getByRole("list", { name: "Bandeja de entrada" }).getByRole("button", { name: new RegExp(name) }).click();
  const details = agent.getByRole("complementary", { name: "Detalles" });
  await expect(details.getByText("Contexto del sitio")).toBeVisible();
  await expect(details.getByText("jobId")).toBeVisible();
  await expect(details.getByText("4521", { exact: true })).toBeVisible();
  await agent.getByLabel("Escribe tu respuesta").fill("Hola Lucía, tu postulación sigue en revisión");
  await agent.getByLabel("Escribe tu respuesta").press("Enter");

  // The host page's badge counts the unread reply; opening the chat shows it.
  await expect(portal.locator("#unread")).toHaveText("1");
  await expect(launcher(portal)).toHaveAccessibleName("Abrir el chat de soporte, 1 mensaje sin leer");
  await launcher(portal).click();
  await expect(messages.getByText("Hola Lucía, tu postulación sigue en revisión")).toBeVisible();
  await expect(portal.locator("#unread")).toHaveText("0");
  await portal.screenshot({ path: testInfo.outputPath("embed-open-1440.png") });

  // The frame carried no cookie of Atiende's: everything it did, it did with the host's word.
  const toAtiende = frameRequests.filter((r) => r.url.startsWith(testInfo.project.use.baseURL ?? "http://localhost"));
  expect(toAtiende.length).toBeGreaterThan(0);
  expect(toAtiende.filter((r) => r.cookie)).toEqual([]);

  // The portal signs Lucía out; the next person on this browser sees nothing of her chat.
  await portal.getByRole("button", { name: "Cerrar sesión" }).click();
  const next = `Mario Portal ${randomUUID().slice(0, 6)}`;
  await signInToPortal(portal, next, `mario-${randomUUID().slice(0, 8)}@portal.example`);
  await launcher(portal).click();
  await expect(composer).toBeVisible();
  await expect(frame.getByText("Hola, ¿cómo va mi postulación?")).toHaveCount(0);
  await frame.getByRole("button", { name: "Tus conversaciones" }).click();
  await expect(frame.getByRole("listitem")).toHaveCount(1);
  await expect(frame.getByText("Hola Lucía")).toHaveCount(0);
  await cookieless.close();
});

test("the same person keeps their conversations across the host's sign-outs", async ({ request }) => {
  const sub = `portal-user-${randomUUID()}`;
  const first = await request.post("/api/auth/embed-token", { data: { token: hostToken({ sub, name: "Rosa" }) } });
  const again = await request.post("/api/auth/embed-token", { data: { token: hostToken({ sub, name: "Rosa" }) } });
  expect(first.status()).toBe(200);
  const a = (await first.json()) as { user: { id: string } };
  const b = (await again.json()) as { user: { id: string } };
  expect(b.user.id).toBe(a.user.id);
});

test("forged, expired, unsigned and long-lived host tokens are refused; a staff claim yields a fresh candidate", async ({ request }) => {
  const refused = [
    hostToken({ sub: "x" }, "not-the-secret-not-the-secret-not-the-secret"),
    hostToken({ sub: "x", exp: Math.floor(Date.now() / 1000) - 120 }),
    hostToken({ sub: "x" }, secret, "none"),
    hostToken({ sub: "x", exp: Math.floor(Date.now() / 1000) + 7200 }),
    hostToken({ email: "nadie@portal.example" }),
    "not a token",
  ];
  for (const token of refused) {
    const response = await request.post("/api/auth/embed-token", { data: { token } });
    expect(response.status(), token).toBe(401);
  }
  expect((await request.post("/api/auth/embed-token", { data: {} })).status()).toBe(400);

  const claimed = await request.post("/api/auth/embed-token", {
    data: { token: hostToken({ sub: `impostor-${randomUUID()}`, email: "admin@example.com", name: "Admin", role: "admin" }) },
  });
  expect(claimed.status()).toBe(200);
  const { token, user } = (await claimed.json()) as { token: string; user: { id: string; role: string } };
  expect(user.role).toBe("candidato");
  const me = await request.get("/api/trpc/auth.me", { headers: { authorization: `Bearer ${token}` } });
  const viewer = ((await me.json()) as { result: { data: { json: { email: string; role: string; id: string } } } }).result.data.json;
  expect(viewer.role).toBe("candidato");
  const admin = await request.post("/api/auth/token", { data: { email: "admin@example.com", password: "demo1234" } });
  expect(viewer.id).not.toBe(((await admin.json()) as { user: { id: string } }).user.id);
  const staffOnly = await request.get("/api/trpc/user.staff", { headers: { authorization: `Bearer ${token}` } });
  expect(staffOnly.status()).toBe(403);
});

test("in the frame, a forged, expired or unsigned host token signs no one in: the chat asks to sign in on the site", async ({ browser }) => {
  const refused = [
    hostToken({ sub: "forjado" }, "not-the-secret-not-the-secret-not-the-secret"),
    hostToken({ sub: "caducado", exp: Math.floor(Date.now() / 1000) - 120 }),
    hostToken({ sub: "sin-firma" }, secret, "none"),
  ];
  for (const token of refused) {
    const context = await browser.newContext();
    const portal = await context.newPage();
    // The portal's backend hands over a bad token, as a compromised or misconfigured one would.
    await portal.route(`${hostSite}/token`, (route) => route.fulfill({ json: { token } }));
    const exchanges: number[] = [];
    portal.on("response", (response) => {
      if (response.url().endsWith("/api/auth/embed-token")) exchanges.push(response.status());
    });
    await signInToPortal(portal, "Fausto Portal", `fausto-${randomUUID().slice(0, 8)}@portal.example`);
    await launcher(portal).click();
    const frame = chatFrame(portal);
    await expect(frame.getByText("Inicia sesión en el sitio para escribir al equipo de soporte.")).toBeVisible();
    await expect(frame.getByLabel("Escribe tu mensaje")).toHaveCount(0);
    expect(exchanges.length).toBeGreaterThan(0);
    expect(exchanges.every((status) => status === 401)).toBe(true);
    await context.close();
  }
});

test("only the host sites may frame the chat or read the API's answers; every other page refuses frames", async ({ page, request }, testInfo) => {
  const embed = await request.get(`/embed?host=${encodeURIComponent(hostSite)}`);
  expect(embed.status()).toBe(200);
  expect(embed.headers()["content-security-policy"]).toContain(`frame-ancestors ${hostSite}`);
  expect(embed.headers()["x-frame-options"]).toBeUndefined();
  expect((await request.get("/embed?host=https%3A%2F%2Fevil.example")).status()).toBe(403);
  for (const path of ["/", "/sign-in", "/chat-soporte", "/api/health", "/widget.js"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.headers()["x-frame-options"], path).toBe("DENY");
    expect(response.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }

  // CORS: the host site gets answers it may read, with bearer tokens and never cookies.
  const preflight = await request.fetch("/api/trpc/auth.me", {
    method: "OPTIONS",
    headers: { origin: hostSite, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
  });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["access-control-allow-origin"]).toBe(hostSite);
  expect(preflight.headers()["access-control-allow-credentials"]).toBeUndefined();
  const listed = await request.get("/api/chat/session/active", { headers: { origin: hostSite } });
  expect(listed.headers()["access-control-allow-origin"]).toBe(hostSite);
  const evil = "http://127.0.0.2:9";
  const unlisted = await request.fetch("/api/trpc/auth.me", {
    method: "OPTIONS",
    headers: { origin: evil, "access-control-request-method": "GET" },
  });
  expect(unlisted.status()).toBe(403);
  expect(unlisted.headers()["access-control-allow-origin"]).toBeUndefined();
  expect((await request.get("/api/chat/session/active", { headers: { origin: evil } })).headers()["access-control-allow-origin"]).toBeUndefined();

  // In a browser: a page on an unlisted site that frames the chat gets an empty, blocked frame.
  await page.route(`${evil}/`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<iframe title="robado" src="${testInfo.project.use.baseURL ?? ""}/embed?host=${encodeURIComponent(hostSite)}"></iframe>`,
    }),
  );
  await page.goto(`${evil}/`);
  await expect(page.frameLocator('iframe[title="robado"]').getByRole("textbox")).toHaveCount(0);
});

test("messages from another site's window are ignored by the loader and by the frame", async ({ browser }) => {
  const portal = await (await browser.newContext()).newPage();
  await signInToPortal(portal, "Ignacio Portal", `ignacio-${randomUUID().slice(0, 8)}@portal.example`);
  await launcher(portal).click();
  await expect(chatFrame(portal).getByLabel("Escribe tu mensaje")).toBeVisible();
  await portal.keyboard.press("Escape");
  // An ad on the host page, from another site, pretends to be the chat (a badge of 42) and the
  // loader (a logout).
  const ad = "http://127.0.0.3:9";
  await portal.route(`${ad}/`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<script>
        parent.postMessage({ protocol: "atiende-embed-1", type: "unread", count: 42 }, "*");
        for (let i = 0; i < parent.frames.length; i++)
          if (parent.frames[i] !== window) parent.frames[i].postMessage({ protocol: "atiende-embed-1", type: "logout" }, "*");
        document.title = "sent";
      </script>`,
    }),
  );
  await portal.evaluate((src) => {
    const frame = document.createElement("iframe");
    frame.src = src;
    frame.title = "anuncio";
    document.body.append(frame);
  }, `${ad}/`);
  await expect.poll(() => portal.frame({ url: `${ad}/` })?.title()).toBe("sent");
  await expect(portal.locator("#unread")).toHaveText("0");
  await launcher(portal).click();
  await expect(chatFrame(portal).getByLabel("Escribe tu mensaje")).toBeVisible();
});
