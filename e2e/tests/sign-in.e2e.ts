import { expect, test } from "@playwright/test";

import { DEMO_PASSWORD, signIn } from "./fixtures";

test("the demo candidate signs in and out", async ({ page }) => {
  await signIn(page, "candidato@example.com");
  await expect(page.getByRole("heading", { name: "Hola, Carla Candidata" })).toBeVisible();
  await expect(page.getByText("candidato@example.com")).toBeVisible();
  await page.screenshot({ path: "test-results/home-signed-in.png" });

  await page.getByLabel("Menú de Carla Candidata").click();
  await page.getByRole("button", { name: "Cerrar sesión" }).click();
  await expect(page.getByRole("heading", { name: "Inicia sesión" })).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Correo electrónico").fill("candidato@example.com");
  await page.getByLabel("Contraseña").fill("not-the-password");
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Correo o contraseña incorrectos." }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.screenshot({ path: "test-results/sign-in-error.png" });
});

test("a token from /api/auth/token works against the tRPC API", async ({ request }) => {
  const refused = await request.post("/api/auth/token", {
    data: { email: "candidato@example.com", password: "wrong" },
  });
  expect(refused.status()).toBe(401);

  const issued = await request.post("/api/auth/token", {
    data: { email: "soporte@example.com", password: DEMO_PASSWORD },
  });
  expect(issued.status()).toBe(200);
  const body = (await issued.json()) as { token: string; expiresAt: string; user: { role: string } };
  expect(body.user.role).toBe("soporte");
  expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());

  const me = await request.get("/api/trpc/auth.me", {
    headers: { authorization: `Bearer ${body.token}` },
  });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({
    result: { data: { json: { email: "soporte@example.com", role: "soporte" } } },
  });

  const forged = await request.get("/api/trpc/auth.me", {
    headers: { authorization: `Bearer ${body.token.slice(0, -4)}AAAA` },
  });
  expect(forged.status()).toBe(401);
  const anonymous = await request.get("/api/trpc/auth.me");
  expect(anonymous.status()).toBe(401);
});
