import { expect, test } from "@playwright/test";

import { restAs } from "./api-client";

interface Conversation { id: string; candidate_user_id: string; status: string; assigned_support_user_id: string | null }
interface Message { id: string; content: string; created_at: string }

test("the console contract: create, list, send, page, read and status by role", async ({ request }) => {
  const candidate = await restAs(request, "candidato2@example.com");
  const other = await restAs(request, "candidato@example.com");
  const agent = await restAs(request, "soporte@example.com");

  const own = await candidate.post<Conversation>("/api/support/chat/conversations", { subject: "Desde REST", priority: "high" });
  expect(own).toMatchObject({ status: 201, body: { success: true, data: { candidate_user_id: candidate.user.id, status: "open", priority: "high" } } });
  const id = own.body.data?.id ?? "";
  expect(await candidate.post("/api/support/chat/conversations", { candidate_user_id: other.user.id })).toMatchObject({ status: 403 });
  const forCandidate = await agent.post<Conversation>("/api/support/chat/conversations", { subject: "Te escribimos", candidate_user_id: other.user.id });
  expect(forCandidate.body.data?.candidate_user_id).toBe(other.user.id);

  const listed = await candidate.get<Conversation[]>("/api/support/chat/conversations?per_page=100");
  expect(listed.body.data?.every((c) => c.candidate_user_id === candidate.user.id)).toBe(true);
  expect(listed.body.meta).toMatchObject({ page: 1, per_page: 100 });
  const all = await agent.get<Conversation[]>("/api/support/chat/conversations?per_page=100");
  expect(all.body.data?.some((c) => c.candidate_user_id === other.user.id)).toBe(true);

  for (let i = 1; i <= 5; i++) {
    const sent = await agent.post<Message>(`/api/support/chat/conversations/${id}/messages`, { content: `m${i}` });
    expect(sent.status).toBe(201);
  }
  const page1 = await agent.get<Message[]>(`/api/support/chat/conversations/${id}/messages?page=1&per_page=2`);
  expect(page1.body.data?.map((m) => m.content)).toEqual(["m1", "m2"]);
  expect(page1.body.meta).toEqual({ page: 1, per_page: 2, total: 5, total_pages: 3 });
  const page3 = await agent.get<Message[]>(`/api/support/chat/conversations/${id}/messages?page=3&per_page=2`);
  expect(page3.body.data?.map((m) => m.content)).toEqual(["m5"]);
  const page4 = await agent.get<Message[]>(`/api/support/chat/conversations/${id}/messages?page=4&per_page=2`);
  expect(page4.body.data).toEqual([]);
  for (const perPage of ["0", "101", "abc"]) {
    expect((await agent.get(`/api/support/chat/conversations/${id}/messages?per_page=${perPage}`)).status).toBe(400);
  }
  expect(await other.get(`/api/support/chat/conversations/${id}/messages`)).toMatchObject({ status: 403 });

  expect(await agent.post(`/api/support/chat/conversations/${id}/messages`, { content: "x", sender_user_id: candidate.user.id })).toMatchObject({ status: 400 });
  const badUrl = await agent.post(`/api/support/chat/conversations/${id}/messages`, {
    attachment: { url: "javascript:alert(1)", name: "a.pdf", mime_type: "application/pdf", size_bytes: 10 },
  });
  expect(badUrl.status).toBe(400);
  expect(Object.keys(badUrl.body.errors ?? {})).toContain("attachment.url");
  const attached = await candidate.post<Message>(`/api/support/chat/conversations/${id}/messages`, {
    message_type: "attachment",
    attachment: { url: "https://files.example/cv.pdf", name: "cv.pdf", mime_type: "application/pdf", size_bytes: 1024 },
  });
  expect(attached).toMatchObject({ status: 201, body: { data: { message_type: "attachment", attachment_size_bytes: 1024 } } });

  const read = await candidate.post<{ last_read_message_id: string }>(`/api/support/chat/conversations/${id}/read`, {});
  expect(read.body.data?.last_read_message_id).toBe(attached.body.data?.id);

  expect(await candidate.patch(`/api/support/chat/conversations/${id}/status`, { status: "closed" })).toMatchObject({ status: 403 });
  expect(await candidate.patch(`/api/support/chat/conversations/${id}/status`, { status: "resolved" })).toMatchObject({ status: 200, body: { data: { status: "resolved" } } });
  expect(await agent.patch(`/api/support/chat/conversations/${id}/status`, { status: "closed" })).toMatchObject({ status: 200, body: { data: { status: "closed" } } });
  expect(await agent.patch(`/api/support/chat/conversations/${id}/status`, { status: "deleted" })).toMatchObject({ status: 400 });
});

test("a candidate past the message rate limit gets 429 with Retry-After", async ({ request }) => {
  const candidate = await restAs(request, "candidato2@example.com");
  const created = await candidate.post<Conversation>("/api/support/chat/conversations", {});
  const id = created.body.data?.id ?? "";
  let limited: Awaited<ReturnType<typeof candidate.post>> | undefined;
  for (let i = 0; i < 15 && !limited; i++) {
    const response = await candidate.post(`/api/support/chat/conversations/${id}/messages`, { content: `spam ${i}` });
    if (response.status === 429) limited = response;
  }
  expect(limited?.status).toBe(429);
  expect(Number(limited?.headers["retry-after"])).toBeGreaterThan(0);
  expect(limited?.body.success).toBe(false);
});

test("the OpenAPI document is served and rendered as a reference page", async ({ page, request }) => {
  const response = await request.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths)).toContain("/api/chat/session/active");

  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { name: "Atiende REST API" })).toBeVisible();
  await expect(page.getByRole("region", { name: "GET /api/chat/session/active" })).toBeVisible();
  await page.screenshot({ path: "test-results/docs-api.png", fullPage: true });
});
