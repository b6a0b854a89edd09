import type { Page } from "@playwright/test";
import { expect } from "@playwright/test";

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? "demo1234";

/** Signs in through the real form, as a person would (at `origin`, or the configured base URL). */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, origin = "") {
  // Hydrated first: a form used before that submits natively, as a GET.
  await page.goto(`${origin}/sign-in`, { waitUntil: "networkidle" });
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña").fill(password);
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page).toHaveURL(/\/$/);
}

/**
 * use-intl's warning that a date or relative time was formatted without the configured time zone
 * or "now", and React's hydration failures (production builds report them as minified errors
 * #418, #423 and #425): either means the server's HTML and the browser's render can disagree.
 */
const RENDER_WARNING = /ENVIRONMENT_FALLBACK|hydrat|Minified React error #(418|423|425)\b/i;

/**
 * Collects the page's render warnings from now on (console errors and warnings, and uncaught
 * errors); call it before the page's first navigation. Expect the list to be empty at the end.
 */
export function watchRenderWarnings(page: Page): string[] {
  const warnings: string[] = [];
  const keep = (text: string) => {
    if (RENDER_WARNING.test(text)) warnings.push(`${page.url()}: ${text.split("\n")[0]}`);
  };
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") keep(message.text());
  });
  page.on("pageerror", (error) => keep(error.message));
  return warnings;
}
