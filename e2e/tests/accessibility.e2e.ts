import AxeBuilder from "@axe-core/playwright";
import type { Browser, Locator, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";
import { signIn } from "./fixtures";

/*
 * Accessibility as a journey: every page and dialog against axe's WCAG 2.2 AA rule set, and the
 * candidate's and the agent's work done with the keyboard alone, focus never dropped on the way.
 */
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function expectNoViolations(page: Page, what: string) {
  const scan = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const found = scan.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(found, what).toEqual([]);
}

/** Focus is on something the person can see, never dropped back to the page itself. */
async function expectFocusKept(page: Page, after: string) {
  const kept = await page.evaluate(() => {
    const active = document.activeElement;
    return active instanceof HTMLElement && active !== document.body && active.checkVisibility();
  });
  expect(kept, `focus after ${after}`).toBe(true);
}

/**
 * Presses Tab (Shift+Tab when the target comes earlier in the page) until the focus is on `target`
 * or inside it (a radio group), as a keyboard user would, at most `max` times.
 */
async function tabTo(page: Page, target: Locator, max = 40) {
  const before = await target.evaluate(
    (element) =>
      document.activeElement !== null &&
      Boolean(element.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING),
  );
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((element) => element.contains(document.activeElement))) return;
    await page.keyboard.press(before ? "Shift+Tab" : "Tab");
  }
  await expect(target).toBeFocused();
}

/**
 * Opens a dialog from the keyboard (Tab to `opener`, then `key`), scans it, closes it with Escape
 * and expects the focus back on the opener.
 */
async function checkDialog(page: Page, opener: Locator, dialog: string, key = "Enter") {
  await tabTo(page, opener);
  await page.keyboard.press(key);
  await expect(page.getByRole("dialog", { name: dialog })).toBeVisible();
  await expectNoViolations(page, `the dialog "${dialog}"`);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: dialog })).toBeHidden();
  await expect(opener).toBeFocused();
}

/** Tab to the composer, type, Enter: the message is in the thread and the focus still in the box. */
async function sendFromKeyboard(page: Page, composerLabel: string, text: string) {
  const composer = page.getByLabel(composerLabel);
  await tabTo(page, composer);
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await expect(messages(page)).toContainText(text);
  await expect(composer).toBeFocused();
}

async function signedIn(browser: Browser, email: string, path: string, width = 1280) {
  const page = await (await browser.newContext({ viewport: { width, height: 800 } })).newPage();
  await signIn(page, email);
  await page.goto(path);
  return page;
}

const messages = (page: Page) => page.getByRole("list", { name: "Mensajes de la conversación" });

test("sign-in, profile and API docs pass the WCAG 2.2 AA rules", async ({ page }) => {
  await page.goto("/sign-in");
  await expectNoViolations(page, "/sign-in");
  await page.getByLabel("Correo electrónico").fill("candidato@example.com");
  await page.getByLabel("Contraseña").fill("no-es-esta");
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoViolations(page, "/sign-in with its error");

  await signIn(page, "candidato@example.com");
  await page.goto("/perfil");
  await expectNoViolations(page, "/perfil");
  await page.goto("/docs/api");
  await expectNoViolations(page, "/docs/api");
});

test("the metrics pass the WCAG 2.2 AA rules, filters applied", async ({ browser }) => {
  const page = await signedIn(browser, "admin@example.com", "/support/metrics");
  await expect(page.getByRole("search", { name: "Filtros de las métricas" })).toBeVisible();
  await page.getByLabel("Agente").selectOption({ label: "Ana Soporte" });
  await expect(page.getByText("Cargando métricas…")).toHaveCount(0);
  await expectNoViolations(page, "/support/metrics filtered by agent");
});

test("a candidate starts a conversation, sends, attaches and rates with the keyboard alone", async ({ browser, request }) => {
  const page = await signedIn(browser, "candidato3@example.com", "/chat-soporte");
  const subject = `Teclado ${Date.now()}`;

  const subjectField = page.getByLabel("Asunto");
  await tabTo(page, subjectField);
  await page.keyboard.type(subject);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  await expectFocusKept(page, "starting a conversation");

  await sendFromKeyboard(page, "Escribe tu mensaje", "Hola, necesito ayuda con mi CV");
  // New messages are announced: the list is a polite live region.
  await expect(messages(page)).toHaveAttribute("aria-live", "polite");

  await tabTo(page, page.getByRole("button", { name: "Adjuntar archivo" }));
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n") });
  await expect(page.getByRole("button", { name: "Quitar el adjunto cv.pdf" })).toBeVisible();
  await tabTo(page, page.getByRole("button", { name: "Enviar" }));
  await page.keyboard.press("Enter");
  await expect(messages(page)).toContainText("cv.pdf");
  await expectFocusKept(page, "sending an attachment");
  await expectNoViolations(page, "/chat-soporte with a conversation");

  // The agent resolves it; the candidate rates from the keyboard (arrow keys in the star group).
  const agent = await restAs(request, "soporte@example.com");
  const listed = await agent.get<{ id: string; subject: string }[]>("/api/support/chat/conversations?per_page=100");
  const id = listed.body.data?.find((c) => c.subject === subject)?.id;
  expect((await agent.patch(`/api/support/chat/conversations/${id}/status`, { status: "resolved" })).status).toBe(200);
  const stars = page.getByRole("group", { name: "¿Cómo fue la atención?" });
  await expect(stars).toBeVisible();
  await expectNoViolations(page, "/chat-soporte with the rating form");
  await tabTo(page, stars);
  await page.keyboard.press("Space");
  const five = page.getByRole("radio", { name: "5 estrellas de 5" });
  for (let i = 0; i < 5 && !(await five.isChecked()); i++) await page.keyboard.press("ArrowRight");
  await expect(five).toBeChecked();
  await page.keyboard.press("Tab");
  await page.keyboard.type("Muy claro");
  await tabTo(page, page.getByRole("button", { name: "Enviar calificación" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "¡Gracias por tu calificación!" })).toBeFocused();
});

test("an agent triages the inbox, replies and resolves with the keyboard alone; every dialog passes", async ({ browser, request }) => {
  const candidate = await restAs(request, "candidato4@example.com");
  const subject = `Triaje ${Date.now()}`;
  expect((await candidate.post("/api/support/chat/conversations", { subject })).status).toBe(201);

  const page = await signedIn(browser, "soporte@example.com", "/support/communication");
  await expect(page.getByRole("list", { name: "Bandeja de entrada" }).getByRole("button").first()).toBeVisible();
  await expectNoViolations(page, "the console");

  // Triage: "/" to search, type, Escape back to the page, j to open the first match.
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: "Buscar conversaciones" })).toBeFocused();
  await page.keyboard.type(subject);
  await expect(page.getByRole("list", { name: "Bandeja de entrada" }).getByRole("button")).toHaveCount(1);
  await page.keyboard.press("Tab");
  await tabTo(page, page.getByRole("list", { name: "Bandeja de entrada" }).getByRole("button", { name: new RegExp(subject) }));
  await page.keyboard.press("Enter");
  const heading = page.getByRole("heading", { name: subject });
  await expect(heading).toBeVisible();

  // Assign, from its button: the button goes away, the focus does not.
  await tabTo(page, page.getByRole("button", { name: "Asignarme" }).first());
  await page.keyboard.press("Enter");
  await expect(page.getByRole("complementary", { name: "Detalles" })).toContainText("Ana Soporte");
  await expectFocusKept(page, "assigning");

  await sendFromKeyboard(page, "Escribe tu respuesta", "Hola, ya lo reviso");

  // Every dialog of the console, opened and closed from the keyboard, focus returned.
  await checkDialog(page, page.getByRole("button", { name: "Gestionar respuestas guardadas" }), "Respuestas guardadas");
  await checkDialog(page, page.getByRole("button", { name: "Nueva conversación" }), "Nueva conversación para un candidato");
  // "?" outside any field lists the shortcuts: pressed here on the resolve button.
  const resolve = page.getByRole("button", { name: "Marcar como resuelta" });
  await checkDialog(page, resolve, "Atajos de teclado", "?");

  // Resolve, from its button: it disappears once done, and the focus goes to the thread's title.
  await page.keyboard.press("Enter");
  await expect(resolve).toHaveCount(0);
  await expect(heading).toBeFocused();
});

test("below the wide layout the details drawer passes too, and 200 % zoom (640 px) keeps the console usable", async ({ browser }) => {
  const page = await signedIn(browser, "soporte@example.com", "/support/communication", 640);
  const inbox = page.getByRole("list", { name: "Bandeja de entrada" });
  await tabTo(page, inbox.getByRole("button").first());
  await page.keyboard.press("Enter");
  // The inbox hides on a narrow screen: the focus moves to the conversation, not to the page.
  await expect(inbox).toBeHidden();
  await expectFocusKept(page, "opening a conversation at 640 px");
  await checkDialog(page, page.getByRole("button", { name: "Ver detalles" }), "Detalles");
  await tabTo(page, page.getByRole("button", { name: "Volver a la bandeja" }));
  await page.keyboard.press("Enter");
  await expect(inbox).toBeVisible();
  await expectFocusKept(page, "going back to the inbox");
});

test("an admin creates an account, changes its role, disables and enables it and filters the audit log with the keyboard alone; every admin page and dialog passes", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await signedIn(browser, "admin@example.com", "/support/admin");
  await expect(page.getByRole("heading", { name: "Personas", level: 1 })).toBeVisible();
  await expect(page.getByRole("list", { name: "Equipo" })).toBeVisible();
  await expectNoViolations(page, "/support/admin (people)");

  // A new agent: name, email, the default role, Enter.
  const stamp = Date.now();
  const name = `Teclado ${stamp}`;
  const email = `teclado+${stamp}@example.com`;
  const form = page.getByRole("form", { name: "Nueva cuenta del equipo" });
  await tabTo(page, form.getByLabel("Nombre"));
  await page.keyboard.type(name);
  await page.keyboard.press("Tab");
  await page.keyboard.type(email);
  await page.keyboard.press("Enter");
  const created = page.getByRole("dialog", { name: `Cuenta creada para ${name}` });
  await expect(created).toBeVisible();
  await expectNoViolations(page, "the new account's password dialog");
  await expect(created.getByRole("button", { name: "Cerrar" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(created).toBeHidden();
  await expectFocusKept(page, "closing the password dialog");

  // Found by the whole address; its role changed with the arrow keys.
  await tabTo(page, page.getByLabel("Buscar por nombre o correo"));
  await page.keyboard.type(email);
  const row = page.getByRole("list", { name: "Equipo" }).getByRole("listitem").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  const role = row.getByLabel(`Rol de ${name}`);
  await tabTo(page, role);
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("status")).toHaveText(`${name} ahora tiene el rol administración.`);
  await expect(role).toBeFocused();

  // Disabled and enabled again: the focus stays on the button, whose name says what it does next.
  await tabTo(page, row.getByRole("button", { name: `Desactivar la cuenta de ${name}` }));
  await page.keyboard.press("Enter");
  await expect(row).toContainText("Desactivada");
  await expect(row.getByRole("button", { name: `Activar la cuenta de ${name}` })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(row).toContainText("Activa");
  await expect(row.getByRole("button", { name: `Desactivar la cuenta de ${name}` })).toBeFocused();

  // The reset's confirmation passes and gives the focus back when dismissed.
  const reset = row.getByRole("button", { name: `Restablecer contraseña de ${name}` });
  await checkDialog(page, reset, `¿Restablecer la contraseña de ${name}?`);
  // Confirmed this time: the new temporary password's dialog passes too.
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByRole("dialog").getByRole("button", { name: "Restablecer" }));
  await page.keyboard.press("Enter");
  const resetDone = page.getByRole("dialog", { name: `Contraseña restablecida para ${name}` });
  await expect(resetDone).toBeVisible();
  await expectNoViolations(page, "the reset password's dialog");
  await expect(resetDone.getByRole("button", { name: "Cerrar" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(resetDone).toBeHidden();
  await expect(reset).toBeFocused();

  // The audit log, filtered by action and by who, from the keyboard.
  await tabTo(page, page.getByRole("navigation", { name: "Secciones de administración" }).getByRole("link", { name: "Auditoría" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Auditoría" })).toBeVisible();
  const table = page.getByRole("table", { name: "Auditoría" });
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  await expectNoViolations(page, "/support/admin/auditoria");
  await tabTo(page, page.getByLabel("Acción"));
  // Type-ahead: the option's first word (a space would open the list instead).
  await page.keyboard.type("Rol");
  await expect(page.getByLabel("Acción")).toHaveValue("user.role_changed");
  await expect(table.getByRole("row").nth(1)).toContainText("Rol cambiado");
  await expect(table).not.toContainText("Cuenta desactivada");
  await tabTo(page, page.getByLabel("Quién"));
  await page.keyboard.type("Alicia");
  await expect(table.getByRole("row").nth(1)).toContainText("Alicia Admin");
  await expectNoViolations(page, "/support/admin/auditoria filtered");

  for (const path of ["/support/admin/etiquetas", "/support/admin/webhooks"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await expectNoViolations(page, path);
  }
});

test("an agent takes the oldest waiting conversation from the team view and hands it over with a note, with the keyboard alone", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const candidate = await restAs(request, "candidato5@example.com");
  expect((await candidate.post("/api/support/chat/conversations", { subject: `Equipo ${Date.now()}` })).status).toBe(201);
  // Ana's console is open elsewhere: she is someone to hand over to.
  const ana = await signedIn(browser, "soporte@example.com", "/support/communication");
  await expect(ana.getByRole("list", { name: "Bandeja de entrada" })).toBeVisible();

  const page = await signedIn(browser, "admin@example.com", "/support/equipo");
  const queue = page.getByRole("list", { name: "En espera" });
  await expect(queue.getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Quién está" }).getByRole("listitem").filter({ hasText: "Ana Soporte" })).toContainText("En línea");
  await expectNoViolations(page, "/support/equipo");

  const oldest = queue.getByRole("listitem").first();
  const candidateName = (await oldest.locator("p").first().textContent()) ?? "";
  const waiting = await queue.getByRole("listitem").count();
  await tabTo(page, oldest.getByRole("button", { name: `Tomar la conversación de ${candidateName}` }));
  await page.keyboard.press("Enter");
  await expect(queue.getByRole("listitem")).toHaveCount(waiting - 1);
  // The taken row is gone; the focus is not lost with it.
  await expectFocusKept(page, "taking a conversation");

  await page.goto("/support/communication");
  const view = page.getByRole("combobox", { name: "Vista" });
  await tabTo(page, view);
  await page.keyboard.press("ArrowDown");
  await expect(view).toHaveValue("mine");
  const taken = page.getByRole("list", { name: "Bandeja de entrada" }).getByRole("button").filter({ hasText: candidateName }).first();
  await expect(taken).toContainText("Atiende Alicia Admin");
  await tabTo(page, taken);
  await page.keyboard.press("Enter");

  const open = page.getByRole("button", { name: "Traspasar" });
  await tabTo(page, open);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Traspasar la conversación" });
  await expect(dialog).toBeVisible();
  await expectNoViolations(page, "the hand-over dialog");
  const to = dialog.getByRole("combobox", { name: "Para" });
  await tabTo(page, to);
  await page.keyboard.type("Ana");
  await expect.poll(() => to.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text)).toBe("Ana Soporte · En línea");
  const note = `Teclado: quiere otra fecha (${Date.now()})`;
  await page.keyboard.press("Tab");
  await page.keyboard.type(note);
  await tabTo(page, dialog.getByRole("button", { name: "Traspasar" }));
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(messages(page)).toContainText(note);
  await expectFocusKept(page, "handing over");
});
