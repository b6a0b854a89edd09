import { readFile } from "node:fs/promises";

import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { signIn } from "./fixtures";

const WIDTHS = [375, 1024, 1440] as const;

/** The page at each width the console supports, saved for a person to look at. */
async function screenshots(page: Page, name: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/admin-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Signs in with a password the form may not take to the home page (a temporary one goes to /perfil). */
async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña").fill(password);
  await page.getByRole("button", { name: "Entrar" }).click();
}

/** The temporary password the dialog shows once, and the dialog closed after reading it. */
async function readTemporaryPassword(page: Page) {
  const dialog = page.getByRole("dialog");
  const password = (await dialog.getByLabel("Contraseña temporal").textContent()) ?? "";
  expect(password).toMatch(/^[A-Za-z0-9]{14}$/);
  await dialog.getByRole("button", { name: "Cerrar" }).click();
  await expect(dialog).toBeHidden();
  return password;
}

test("an admin creates an agent, changes their role, resets their password, disables them and reads the audit log", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const name = `Paula Prueba ${stamp}`;
  // A "+" in it: the search must still find the whole address.
  const email = `paula.prueba+${stamp}@example.com`;
  await signIn(page, "admin@example.com");
  await page.goto("/support/communication");
  await page.getByRole("navigation", { name: "Navegación del equipo de soporte" }).getByRole("link", { name: "Administración" }).click();
  await expect(page.getByRole("heading", { name: "Personas" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Personas" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: "Webhooks" })).toHaveAttribute("href", "/support/admin/webhooks");

  // A new agent, with a temporary password shown once.
  const form = page.getByRole("form", { name: "Nueva cuenta del equipo" });
  await form.getByLabel("Nombre").fill(name);
  await form.getByLabel("Correo").fill(email);
  await form.getByLabel("Rol").selectOption("soporte");
  await form.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(page.getByRole("dialog", { name: `Cuenta creada para ${name}` })).toBeVisible();
  await page.screenshot({ path: "test-results/admin-password-dialog.png" });
  const first = await readTemporaryPassword(page);

  await page.getByLabel("Buscar por nombre o correo").fill(email);
  const row = page.getByRole("listitem").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await expect(page.getByRole("list", { name: "Equipo" }).getByRole("listitem")).toHaveCount(1);
  await page.getByLabel("Buscar por nombre o correo").fill(name);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Contraseña temporal");
  await row.getByLabel(`Rol de ${name}`).selectOption("developer");
  await expect(page.getByRole("status")).toHaveText(`${name} ahora tiene el rol desarrollo.`);

  // Paula signs in with it: every page sends her to /perfil until she chooses her own.
  const paulaContext = await browser.newContext();
  const paula = await paulaContext.newPage();
  await signInAs(paula, email, first);
  await expect(paula).toHaveURL(/\/perfil$/);
  await expect(paula.getByRole("alert").filter({ hasText: "Tu contraseña es temporal" })).toBeVisible();
  await paula.goto("/support/communication");
  await expect(paula).toHaveURL(/\/perfil$/);
  const own = `propia-${stamp}`;
  await paula.getByLabel("Contraseña actual").fill(first);
  await paula.getByLabel("Nueva contraseña", { exact: true }).fill(own);
  await paula.getByLabel("Repite la nueva contraseña").fill(own);
  await paula.getByRole("button", { name: "Cambiar la contraseña" }).click();
  await expect(paula.getByRole("status")).toBeVisible();
  await paula.goto("/support/communication");
  await expect(paula).toHaveURL(/\/support\/communication$/);

  // A reset: the dialog asks first; Paula's session ends at once.
  await row.getByRole("button", { name: `Restablecer contraseña de ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: `¿Restablecer la contraseña de ${name}?` });
  await confirm.getByRole("button", { name: "Restablecer" }).click();
  await expect(page.getByRole("dialog", { name: `Contraseña restablecida para ${name}` })).toBeVisible();
  const second = await readTemporaryPassword(page);
  expect(second).not.toBe(first);
  await paula.goto("/support/communication");
  await expect(paula).toHaveURL(/\/sign-in/);

  // Disabled, then enabled again; she keeps the temporary password and still must change it.
  await row.getByRole("button", { name: `Desactivar la cuenta de ${name}` }).click();
  await expect(page.getByRole("status")).toContainText(`La cuenta de ${name} está desactivada`);
  await expect(row).toContainText("Desactivada");
  await signInAs(paula, email, second);
  await expect(paula).toHaveURL(/\/sign-in/);
  await row.getByRole("button", { name: `Activar la cuenta de ${name}` }).click();
  await expect(row).toContainText("Activa");
  await signInAs(paula, email, second);
  await expect(paula).toHaveURL(/\/perfil$/);
  await paulaContext.close();

  // Managed accounts show who manages them; the admin's own role cannot be changed.
  await page.getByLabel("Buscar por nombre o correo").fill("admin@example.com");
  await expect(page.getByRole("listitem").filter({ hasText: "admin@example.com" }).getByRole("combobox")).toBeDisabled();
  await page.getByLabel("Buscar por nombre o correo").fill("");
  const kind = page.getByRole("group", { name: "Mostrar" });
  await kind.getByText("Candidatos", { exact: true }).click();
  await expect(page.getByRole("radio", { name: "Candidatos" })).toBeChecked();
  await expect(page.getByRole("listitem").filter({ hasText: "candidato@example.com" })).toBeVisible();
  await kind.getByText("Equipo", { exact: true }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "soporte@example.com" }).first()).toBeVisible();
  const scan = await new AxeBuilder({ page }).analyze();
  expect(scan.violations).toEqual([]);
  await screenshots(page, "people");

  // The audit log, filtered by action, and its CSV.
  await page.getByRole("navigation", { name: "Secciones de administración" }).getByRole("link", { name: "Auditoría" }).click();
  await expect(page.getByRole("heading", { name: "Auditoría" })).toBeVisible();
  await page.getByLabel("Acción").selectOption({ label: "Rol cambiado" });
  const table = page.getByRole("table", { name: "Auditoría" });
  await expect(table.getByRole("row").nth(1)).toContainText("Rol cambiado");
  await expect(table).not.toContainText("Cuenta desactivada");
  await page.getByLabel("Acción").selectOption("");
  await page.getByLabel("Quién").selectOption({ label: "Alicia Admin" });
  await expect(table.getByRole("row").filter({ hasText: "Contraseña restablecida" }).first()).toBeVisible();
  const scanAudit = await new AxeBuilder({ page }).analyze();
  expect(scanAudit.violations).toEqual([]);
  await screenshots(page, "audit");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Descargar CSV" }).click();
  const csv = await readFile(await (await download).path(), "utf8");
  expect(csv.split("\r\n")[0]).toBe("\uFEFFFecha,Quién,email,Acción,Conversación,Detalles");
  expect(csv).toContain("Contraseña restablecida");
  expect(csv).toContain("Cuenta desactivada");
});

test("the admin area is for admins only", async ({ page }) => {
  await signIn(page, "soporte@example.com");
  await page.goto("/support/communication");
  await expect(page.getByRole("link", { name: "Administración" })).toHaveCount(0);
  await page.goto("/support/admin");
  await expect(page.getByText("Esta sección es solo para administradores.")).toBeVisible();
  await page.goto("/support/admin/auditoria");
  await expect(page.getByText("Esta sección es solo para administradores.")).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
});
