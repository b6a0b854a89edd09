import { startSmtpReceiver } from "@atiende/api/test/smtp-receiver";
import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";
import { signIn, watchRenderWarnings } from "./fixtures";

// The mail provider: a real SMTP server on the port the app was given (playwright.config.ts).
const startSmtp = () => startSmtpReceiver(Number(process.env.E2E_SMTP_PORT));

test("an unread reply is emailed; its link opens the conversation, its unsubscribe link turns the emails off", async ({ page, request }) => {
  const warnings = watchRenderWarnings(page);
  const smtp = await startSmtp();
  try {
    const email = "candidato2@example.com";
    const candidate = await restAs(request, email);
    // Their open conversation, or a new one.
    const active = await candidate.get<{ id: string } | null>("/api/chat/session/active");
    const conversationId = active.body.data?.id ?? (await candidate.post<{ id: string }>("/api/chat/session")).body.data?.id ?? "";
    expect(conversationId).not.toBe("");
    // Replies other tests left unread would be gathered into this email: start from none unread.
    expect((await candidate.patch(`/api/chat/session/${conversationId}/mark-read`)).status).toBe(200);
    const agent = await restAs(request, "soporte2@example.com");
    const content = `Respuesta por correo ${Date.now()}`;
    expect((await agent.post(`/api/support/chat/conversations/${conversationId}/messages`, { content })).status).toBe(201);

    await expect.poll(() => smtp.received.filter((mail) => mail.text?.includes(content)).length, { timeout: 30_000 }).toBe(1);
    const mail = smtp.received.find((m) => m.text?.includes(content));
    expect(mail?.subject).toBe("Tienes una respuesta nueva de Soporte");
    const link = /Abrir la conversación: (\S+)/.exec(mail?.text ?? "")?.[1] ?? "";
    expect(link).toMatch(new RegExp(`/chat-soporte\\?conversation=${conversationId}$`));
    const unsubscribe = /Date de baja: (\S+)/.exec(mail?.text ?? "")?.[1] ?? "";

    await signIn(page, email);
    await page.goto(link);
    await expect(page.getByText(content)).toBeVisible();

    // Opening the link asks (link scanners must unsubscribe nobody); the button does it.
    await page.goto(unsubscribe);
    await page.getByRole("button", { name: "Darme de baja" }).click();
    await expect(page.getByText("no te enviaremos más correos")).toBeVisible();

    await page.goto("/perfil");
    const toggle = page.getByLabel("Enviarme un correo cuando un mensaje lleve un rato sin leer");
    await expect(toggle).not.toBeChecked();
    await expect(toggle).toBeEnabled();
    for (const width of [375, 1024, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: test.info().outputPath(`perfil-${width}.png`), fullPage: true });
    }
    await toggle.check();
    await expect(page.getByText("Guardado.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Enviarme un correo cuando un mensaje lleve un rato sin leer")).toBeChecked();
    expect(warnings).toEqual([]);
  } finally {
    await smtp.close();
  }
});

test("a forged unsubscribe link changes nothing", async ({ page, request }) => {
  const forged = "00000000-0000-0000-0000-000000000000.forged";
  expect((await request.post(`/api/notifications/unsubscribe?token=${forged}`)).status()).toBe(400);
  await page.goto(`/api/notifications/unsubscribe?token=${forged}`);
  await expect(page).toHaveURL(/\/baja-correo\?token=/);
  await expect(page.getByText("Este enlace no es válido.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Darme de baja" })).toHaveCount(0);
});
