import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { DEMO_PASSWORD, signIn } from "./fixtures";

/**
 * Records CSP violations from the moment the page starts: the DOM event, and the browser's console
 * report of a refused load or script.
 */
async function watchPolicy(page: Page) {
  const problems: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(text)) problems.push(`console: ${text}`);
  });
  await page.exposeFunction("reportViolation", (text: string) => problems.push(`csp: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      void (window as unknown as { reportViolation: (text: string) => Promise<void> }).reportViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return problems;
}

const expectSecurityHeaders = (headers: Record<string, string>) => {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  // `next start` runs as production.
  expect(headers["strict-transport-security"]).toContain("max-age=");
};

test("pages and API answers carry the security headers; pages a nonce-based policy", async ({ request }) => {
  for (const path of ["/sign-in", "/", "/docs/api"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expectSecurityHeaders(headers);
    const csp = headers["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-eval");
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1] ?? "";
    // Next puts the nonce on its own scripts.
    expect(await response.text()).toContain(`nonce="${nonce}"`);
  }
  for (const response of [
    await request.get("/api/health"),
    await request.get("/api/trpc/auth.me"),
    await request.get("/api/openapi.json"),
    await request.post("/api/auth/token", { data: {} }),
  ]) {
    const headers = response.headers();
    expectSecurityHeaders(headers);
    expect(headers["content-security-policy"]).toContain("default-src 'none'");
  }
});

test("chat, console, metrics and sign-in load with no CSP violation", async ({ browser }) => {
  const candidate = await (await browser.newContext()).newPage();
  const candidateProblems = await watchPolicy(candidate);
  await signIn(candidate, "candidato@example.com");
  await candidate.goto("/chat-soporte");
  // Opening a conversation starts its live subscription over the WebSocket (connect-src).
  // The seeded conversation's entry in the list: other specs' messages may say "no puedo subir mi CV" too.
  await candidate.getByRole("button", { name: /^No puedo subir mi CV/ }).click();
  await expect(candidate.getByText("Elige una conversación o empieza una nueva.")).toBeHidden();
  // Long enough for the live socket to open (connect-src) and the chat to settle.
  await candidate.waitForTimeout(1500);
  expect(candidateProblems).toEqual([]);

  const agent = await (await browser.newContext()).newPage();
  const agentProblems = await watchPolicy(agent);
  await signIn(agent, "soporte@example.com");
  await agent.goto("/support/communication");
  await expect(agent.getByRole("navigation", { name: "Navegación del equipo de soporte" })).toBeVisible();
  await agent.waitForTimeout(1500);
  await agent.goto("/support/metrics");
  await expect(agent.getByRole("heading", { name: "Métricas", level: 1 })).toBeVisible();
  const created = agent.getByRole("region", { name: "Conversaciones creadas por día" });
  await expect(created.locator("svg .recharts-bar-rectangle path").first()).toBeVisible();
  await agent.waitForTimeout(1000);
  expect(agentProblems).toEqual([]);
  // The watch does see violations: an image from a foreign origin is one.
  await agent.evaluate(() => {
    new Image().src = "https://tracker.example/pixel.png";
  });
  await expect.poll(() => agentProblems.join()).toContain("img-src https://tracker.example/pixel.png");
  await candidate.context().close();
  await agent.context().close();
});

test("the session cookie is HttpOnly and SameSite=Lax", async ({ page }) => {
  await signIn(page, "candidato@example.com");
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name.endsWith("next-auth.session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  // Plain http here; with an https NEXTAUTH_URL next-auth names it __Secure-… and marks it Secure.
  expect(session?.secure).toBe(false);
});

test("too many failed sign-ins: 429 with Retry-After, and the form says so in Spanish", async ({ page, request }) => {
  const email = `intruso-${Date.now()}@example.com`;
  let last = await request.post("/api/auth/token", { data: { email, password: "adivina-0" } });
  for (let i = 1; i <= 12 && last.status() !== 429; i += 1) {
    expect(last.status()).toBe(401);
    last = await request.post("/api/auth/token", { data: { email, password: `adivina-${i}` } });
  }
  expect(last.status()).toBe(429);
  expect(Number(last.headers()["retry-after"])).toBeGreaterThan(0);
  expect(((await last.json()) as { message: string }).message).toMatch(/Demasiados intentos de inicio de sesión/);

  // The page's clock is fake, so the wait can be fast-forwarded instead of sat through.
  await page.clock.install();
  await page.goto("/sign-in");
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña").fill("adivina-otra-vez");
  await page.getByRole("button", { name: "Entrar" }).click();
  const alert = page.getByRole("alert").filter({ hasText: /Demasiados intentos de inicio de sesión\. Inténtalo de nuevo en \d+ s/ });
  await expect(alert).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  // The alert is read out once; the countdown beside it (hidden from screen readers) ticks.
  const countdown = page.locator("#sign-in-error [aria-hidden='true']");
  const shown = async () => Number((await countdown.textContent())?.match(/(\d+) s/)?.[1]);
  expect(Number((await alert.textContent())?.match(/(\d+) s/)?.[1])).toBeGreaterThan(3);
  const first = await shown();
  expect(first).toBeGreaterThan(3);
  await expect(page.getByRole("button", { name: "Entrar" })).toBeDisabled();

  // The wait counts down once a second, and the form comes back when it is over.
  await page.clock.runFor(3_000);
  await expect.poll(shown).toBeLessThanOrEqual(first - 3);
  expect(await shown()).toBeGreaterThan(0);
  await expect(page.getByRole("button", { name: "Entrar" })).toBeDisabled();
  await page.screenshot({ path: "test-results/sign-in-countdown.png" });
  // What a screen reader was told does not change with every tick.
  await expect(alert).toHaveText(new RegExp(`en ${first} s`));
  await page.clock.runFor(first * 1_000);
  await expect(alert).toHaveCount(0);
  await expect(countdown).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Entrar" })).toBeEnabled();
});

test("no response shows a stack trace", async ({ request }) => {
  const answers = [
    await request.post("/api/auth/token", { headers: { "content-type": "application/json" }, data: "{no es json" }),
    await request.post("/api/trpc/message.send", { data: "{]" }),
    await request.get("/api/trpc/conversation.get?input=%7Bbad"),
    await request.get("/no-existe-esta-pagina"),
    await request.post("/api/chat/message", { headers: { authorization: "Bearer x" }, data: "{]" }),
  ];
  for (const answer of answers) {
    const body = await answer.text();
    expect(body).not.toMatch(/\bat .+\.(ts|js|mjs):\d+/);
    expect(body).not.toContain('"stack"');
  }
  const huge = await request.post("/api/auth/token", { data: { email: "x@example.com", password: "x".repeat(64 * 1024) } });
  expect(huge.status()).toBe(413);
});

test("changing the password on /perfil signs out the other sessions", async ({ browser }) => {
  const email = "candidato5@example.com";
  const other = await (await browser.newContext()).newPage();
  await signIn(other, email);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);

  const change = async (current: string, next: string) => {
    await page.goto("/perfil");
    await page.getByLabel("Contraseña actual").fill(current);
    await page.getByLabel("Nueva contraseña", { exact: true }).fill(next);
    await page.getByLabel("Repite la nueva contraseña").fill(next);
    await page.getByRole("button", { name: "Cambiar la contraseña" }).click();
  };

  await change("no-es-la-mia", "clave-nueva-123");
  await expect(page.getByRole("alert").filter({ hasText: "La contraseña actual no es correcta" })).toBeVisible();

  await change(DEMO_PASSWORD, "clave-nueva-123");
  await expect(page.getByRole("status")).toHaveText("Contraseña cambiada. Tus otras sesiones se han cerrado.");
  // This browser was signed in again; the other one is out.
  await page.goto("/perfil");
  await expect(page.getByRole("heading", { name: "Tu perfil" })).toBeVisible();
  await other.goto("/perfil");
  await expect(other).toHaveURL(/\/sign-in/);
  const refused = await other.request.get("/api/trpc/auth.me");
  expect(refused.status()).toBe(401);

  // Put the demo password back for the next run.
  await change("clave-nueva-123", DEMO_PASSWORD);
  await expect(page.getByRole("status")).toBeVisible();
  await page.context().close();
  await other.context().close();
});
