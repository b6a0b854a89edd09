import { expect, test } from "@playwright/test";

import { DEMO_PASSWORD, signIn } from "./fixtures";

test("a signed-in browser receives a support reply live over /api/trpc-ws", async ({ page, request }) => {
  await signIn(page, "candidato@example.com");

  // The page's own session cookie authenticates both the HTTP call and the socket.
  const conversationId = await page.evaluate(async () => {
    const response = await fetch("/api/trpc/conversation.create", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { subject: "Prueba en vivo" } }),
    });
    const body = (await response.json()) as { result: { data: { json: { id: string } } } };
    return body.result.data.json.id;
  });

  const received = page.evaluate(
    (id) =>
      new Promise<string>((resolve, reject) => {
        const socket = new WebSocket(`${location.origin.replace("http", "ws")}/api/trpc-ws?connectionParams=1`);
        socket.onopen = () => {
          socket.send(JSON.stringify({ method: "connectionParams", data: {} }));
          socket.send(
            JSON.stringify({
              id: 1,
              method: "subscription",
              params: { path: "live.conversation", input: { json: { conversationId: id } } },
            }),
          );
        };
        socket.onmessage = (event) => {
          const text = String(event.data);
          if (text.includes("message.created")) resolve(text);
          if (text.includes('"error"')) reject(new Error(text));
        };
        setTimeout(() => reject(new Error("no message within 15 s")), 15_000);
      }),
    conversationId,
  );

  const issued = await request.post("/api/auth/token", {
    data: { email: "soporte@example.com", password: DEMO_PASSWORD },
  });
  const { token } = (await issued.json()) as { token: string };
  await page.waitForTimeout(500);
  const sent = await request.post("/api/trpc/message.send", {
    headers: { authorization: `Bearer ${token}` },
    data: { json: { conversationId, content: "Hola, te atiende soporte" } },
  });
  expect(sent.status()).toBe(200);

  expect(await received).toContain("Hola, te atiende soporte");
});

test("a socket from another site's page is refused", async ({ page }) => {
  await signIn(page, "candidato@example.com");
  const origin = new URL(page.url()).origin;
  // A page on a different origin (127.0.0.1 vs localhost) tries to open the app's socket.
  await page.goto(origin.replace("localhost", "127.0.0.1") + "/api/health");
  const outcome = await page.evaluate(
    (target) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`${target.replace("http", "ws")}/api/trpc-ws`);
        socket.onopen = () => resolve("opened");
        socket.onerror = () => resolve("refused");
      }),
    origin,
  );
  expect(outcome).toBe("refused");
});

test("a message sent in one tab shows there once, from the call's answer, and live in the same candidate's other tab", async ({
  page,
  context,
}) => {
  await signIn(page, "candidato@example.com");
  await page.goto("/chat-soporte");
  const subject = `Dos pestañas ${Date.now()}`;
  await page.getByLabel("Asunto").fill(subject);
  await page.getByRole("button", { name: "Empezar" }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();

  const other = await context.newPage();
  await other.goto("/chat-soporte");
  await other.getByRole("button", { name: new RegExp(subject) }).click();
  await expect(other.getByRole("heading", { name: subject })).toBeVisible();
  const otherMessages = other.getByRole("list", { name: "Mensajes de la conversación" });
  await expect(otherMessages).toBeVisible();

  // The tab names its socket and its sends alike, so the server does not echo the message back to it.
  const sent = page.waitForRequest((request) => request.url().endsWith("/api/trpc/message.send"));
  await page.getByLabel("Escribe tu mensaje").fill("Escrito en la primera pestaña");
  await page.keyboard.press("Enter");
  expect((await sent).headers()["x-atiende-connection-id"]).toMatch(/^[0-9a-f]{32}$/);

  const messages = page.getByRole("list", { name: "Mensajes de la conversación" });
  await expect(messages.getByText("Escrito en la primera pestaña")).toHaveCount(1);
  await expect(otherMessages.getByText("Escrito en la primera pestaña")).toHaveCount(1);
  // Still once in the sending tab after the other side's answer arrives live.
  await other.getByLabel("Escribe tu mensaje").fill("Y contestado en la segunda");
  await other.keyboard.press("Enter");
  await expect(messages.getByText("Y contestado en la segunda")).toBeVisible();
  await expect(messages.getByText("Escrito en la primera pestaña")).toHaveCount(1);
});
