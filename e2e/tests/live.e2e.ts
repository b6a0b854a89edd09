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
