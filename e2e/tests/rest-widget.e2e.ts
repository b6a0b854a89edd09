import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";

interface ChatMessage { id: string; sessionId: string; message: string; sender: "user" | "support"; timestamp: string; isRead: boolean }
interface ChatSession { id: string; userId: string; status: string; messages: ChatMessage[] }

test("the widget contract, end to end with support replying through the console contract", async ({ request }) => {
  const candidate = await restAs(request, "candidato@example.com");
  const agent = await restAs(request, "soporte@example.com");

  // Start clean: close whatever sessions earlier tests left open (newest first, a few at most).
  for (let i = 0; i < 10; i++) {
    const open = await candidate.get<ChatSession | null>("/api/chat/session/active");
    if (!open.body.data) break;
    await candidate.patch(`/api/chat/session/${open.body.data.id}/close`);
  }

  expect(await candidate.get("/api/chat/session/active")).toMatchObject({
    status: 200,
    body: { success: true, data: null, message: "Sesión obtenida exitosamente" },
  });
  expect((await candidate.post("/api/chat/message", { message: "hola" })).status).toBe(404);

  const created = await candidate.post<ChatSession>("/api/chat/session");
  expect(created).toMatchObject({ status: 201, body: { success: true, message: "Sesión creada exitosamente", data: { status: "pending", userId: candidate.user.id, messages: [] } } });
  const sessionId = created.body.data?.id ?? "";
  expect(await candidate.post("/api/chat/session")).toMatchObject({
    status: 409,
    body: { success: false, message: "Ya tienes una sesión de chat activa" },
  });

  expect(await candidate.post("/api/chat/message", { message: "   " })).toMatchObject({
    status: 400,
    body: { success: false, message: ["El mensaje no puede estar vacío"], errors: { message: ["El mensaje no puede estar vacío"] } },
  });
  const tooLong = await candidate.post("/api/chat/message", { message: "x".repeat(4001) });
  expect(tooLong.status).toBe(400);
  expect(tooLong.body.errors?.message?.[0]).toContain("4000");

  const sent = await candidate.post<ChatMessage>("/api/chat/message", { message: "Necesito ayuda con mi CV" });
  expect(sent).toMatchObject({ status: 201, body: { message: "Mensaje enviado exitosamente", data: { sessionId, sender: "user", message: "Necesito ayuda con mi CV", isRead: false } } });

  const reply = await agent.post(`/api/support/chat/conversations/${sessionId}/messages`, { content: "Claro, ¿qué pasa?" });
  expect(reply.status).toBe(201);
  await agent.post(`/api/support/chat/conversations/${sessionId}/read`, {});

  const active = await candidate.get<ChatSession>("/api/chat/session/active");
  expect(active.body.data).toMatchObject({ id: sessionId, status: "active" });
  expect(active.body.data?.messages.map((m) => [m.sender, m.message, m.isRead])).toEqual([
    ["user", "Necesito ayuda con mi CV", true],
    ["support", "Claro, ¿qué pasa?", false],
  ]);

  expect(await candidate.patch(`/api/chat/session/${sessionId}/mark-read`)).toMatchObject({
    status: 200,
    body: { success: true, message: "Mensajes marcados como leídos" },
  });
  const messages = await candidate.get<ChatMessage[]>(`/api/chat/session/${sessionId}/messages`);
  expect(messages.body.message).toBe("Mensajes obtenidos exitosamente");
  expect(messages.body.data?.map((m) => m.isRead)).toEqual([true, true]);
  const times = messages.body.data?.map((m) => Date.parse(m.timestamp)) ?? [];
  expect(times).toEqual([...times].sort((a, b) => a - b));

  expect(await candidate.patch(`/api/chat/session/${sessionId}/close`)).toMatchObject({
    status: 200,
    body: { success: true, message: "Sesión cerrada exitosamente" },
  });
  expect((await candidate.get("/api/chat/session/active")).body.data).toBeNull();
});

test("the widget's errors: auth, ownership, unknown and malformed ids, bad bodies", async ({ request }) => {
  const owner = await restAs(request, "candidato@example.com");
  const other = await restAs(request, "candidato2@example.com");
  const agent = await restAs(request, "soporte@example.com");
  const mine = await owner.get<ChatSession | null>("/api/chat/session/active");
  const sessionId = mine.body.data?.id ?? (await owner.post<ChatSession>("/api/chat/session")).body.data?.id ?? "";

  for (const authorization of [undefined, "Bearer nope", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."]) {
    const response = await request.get("/api/chat/session/active", { headers: authorization ? { authorization } : {} });
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ success: false, message: "Token inválido o expirado" });
  }
  expect(await other.get(`/api/chat/session/${sessionId}/messages`)).toMatchObject({
    status: 403,
    body: { success: false, message: "No tienes permisos para acceder a esta sesión de chat" },
  });
  expect(await other.patch(`/api/chat/session/${sessionId}/close`)).toMatchObject({ status: 403 });
  expect(await agent.get("/api/chat/session/active")).toMatchObject({ status: 403 });
  expect(await owner.get("/api/chat/session/00000000-0000-4000-8000-000000000000/messages")).toMatchObject({
    status: 404,
    body: { success: false, message: "Sesión de chat no encontrada" },
  });
  const malformed = await owner.get("/api/chat/session/not-a-uuid/messages");
  expect(malformed.status).toBe(400);
  expect(malformed.body.success).toBe(false);

  const badJson = await request.post("/api/chat/message", {
    headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/json" },
    data: "{not json",
  });
  expect(badJson.status()).toBe(400);
  const huge = await request.post("/api/chat/message", {
    headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/json" },
    data: JSON.stringify({ message: "x".repeat(200_000) }),
  });
  expect(huge.status()).toBe(413);
  expect(await owner.post("/api/chat/message", { message: "hola", sender: "support" })).toMatchObject({ status: 400 });
});
