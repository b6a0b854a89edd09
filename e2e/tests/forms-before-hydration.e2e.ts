import type { Browser, BrowserContextOptions, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { DEMO_PASSWORD, signIn } from "./fixtures";

/*
 * Before the scripts run (a slow first load, or JavaScript off) a browser submits a form by itself.
 * With the default GET a password would land in the URL, the history and the server's log. A
 * context with JavaScript disabled is the page exactly as it is before hydration, for ever.
 */

/**
 * A page without JavaScript that records every request it sends (with its body), and every
 * navigation: what a submitted form would be.
 */
async function pageWithoutScripts(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ ...options, javaScriptEnabled: false });
  const page = await context.newPage();
  const sent: string[] = [];
  const navigations: string[] = [];
  page.on("request", (request) => {
    sent.push(`${request.method()} ${request.url()} ${request.postData() ?? ""}`);
    if (request.isNavigationRequest()) navigations.push(`${request.method()} ${request.url()}`);
  });
  return { page, sent, navigations, close: () => context.close() };
}

/** Tries to submit the way a person would: Enter in the field, then a click on the button. */
async function tryToSubmit(page: Page, field: string, submit: string) {
  await page.getByLabel(field, { exact: true }).press("Enter");
  const button = page.getByRole("button", { name: submit });
  await expect(button).toBeDisabled();
  // A real click at the button's place, past Playwright's wait for it to become enabled.
  await button.click({ force: true });
  await page.waitForLoadState("networkidle");
}

async function signedInState(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  const state = await context.storageState();
  await context.close();
  return state;
}

test("the sign-in form sends nothing before hydration: the password reaches no URL, history or server", async ({ browser }) => {
  const secret = "contraseña-que-no-debe-salir-123";
  const { page, sent, navigations, close } = await pageWithoutScripts(browser);
  await page.goto("/sign-in");
  await page.getByLabel("Correo electrónico").fill("candidato@example.com");
  await page.getByLabel("Contraseña").fill(secret);
  await tryToSubmit(page, "Contraseña", "Entrar");

  expect(new URL(page.url()).pathname).toBe("/sign-in");
  expect(page.url()).not.toContain(secret);
  // No navigation but the page's own load, so nothing went into the history either.
  expect(navigations).toEqual([`GET ${page.url()}`]);
  expect(sent.join("\n")).not.toContain(secret);
  await close();
});

test("the profile's password form sends nothing before hydration", async ({ browser }) => {
  const storageState = await signedInState(browser, "candidato2@example.com");
  const { page, sent, navigations, close } = await pageWithoutScripts(browser, { storageState });
  await page.goto("/perfil");
  await page.getByLabel("Contraseña actual").fill(DEMO_PASSWORD);
  await page.getByLabel("Nueva contraseña", { exact: true }).fill("nueva-contraseña-456");
  await page.getByLabel("Repite la nueva contraseña").fill("nueva-contraseña-456");
  await tryToSubmit(page, "Repite la nueva contraseña", "Cambiar la contraseña");

  expect(new URL(page.url()).pathname).toBe("/perfil");
  expect(navigations).toEqual([`GET ${page.url()}`]);
  expect(sent.join("\n")).not.toContain("nueva-contraseña-456");
  await close();
});

test("every form the server renders posts, and its submit buttons wait for hydration", async ({ browser }) => {
  const pages = [
    ["candidato@example.com", ["/chat-soporte", "/perfil"]],
    ["soporte@example.com", ["/support/communication", "/support/metrics", "/perfil"]],
  ] as const;
  for (const [email, paths] of pages) {
    const storageState = await signedInState(browser, email);
    const { page, close } = await pageWithoutScripts(browser, { storageState });
    for (const path of paths) {
      await page.goto(path);
      // A structural check by design: it must hold for every form, whatever it is called.
      await expect(page.locator("form:not([method=post]):not([method=dialog])"), path).toHaveCount(0);
      await expect(page.locator("form:not([method=dialog]) [type=submit]:enabled"), path).toHaveCount(0);
    }
    await close();
  }
});
