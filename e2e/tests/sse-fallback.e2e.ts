import { expect, test } from "@playwright/test";

import { DEMO_PASSWORD, signIn } from "./fixtures";

test("where WebSockets are blocked, the chat moves to Server-Sent Events by itself and stays live", async ({ page, request }) => {
  // Every socket to the app is cut as soon as it opens, as a strict proxy would.
  let socketsTried = 0;
  await page.routeWebSocket(/\/api\/trpc-ws/, (ws) => {
    socketsTried += 1;
    void ws.close();
  });
  const streams: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/trpc/live.")) streams.push(r.url());
  });

  await signIn(page, "candidato2@example.com");
  await page.goto("/chat-soporte");
  const subject = `Sin sockets ${Date.now()}`;
  await page.getByLabel("Asunto").fill(subject);
  await page.getByRole("button", { name: "Empezar" }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  await expect.poll(() => streams.some((url) => url.includes("live.conversation")), { timeout: 20_000 }).toBe(true);
  expect(socketsTried).toBeGreaterThan(0);

  const listed = await page.evaluate(async () => {
    const response = await fetch(`/api/trpc/conversation.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 5 } }))}`);
    return (await response.json()) as { result: { data: { json: { items: { id: string; subject: string }[] } } } };
  });
  const conversationId = listed.result.data.json.items.find((c) => c.subject === subject)?.id;
  const issued = await request.post("/api/auth/token", { data: { email: "soporte@example.com", password: DEMO_PASSWORD } });
  const { token } = (await issued.json()) as { token: string };
  const reply = await request.post("/api/trpc/message.send", {
    headers: { authorization: `Bearer ${token}` },
    data: { json: { conversationId, content: "Te llega por SSE" } },
  });
  expect(reply.status()).toBe(200);

  await expect(page.getByRole("list", { name: "Mensajes de la conversación" })).toContainText("Te llega por SSE");
  await expect(page.getByText("Reconectando…")).toBeHidden();
});
