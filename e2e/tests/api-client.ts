import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect } from "@playwright/test";

import { DEMO_PASSWORD } from "./fixtures";

export interface Envelope<T = unknown> {
  success: boolean;
  message: string | string[];
  data?: T;
  errors?: Record<string, string[]>;
  meta?: { page: number; per_page: number; total: number; total_pages: number };
}

/** A REST caller holding one demo user's bearer token. */
export async function restAs(request: APIRequestContext, email: string) {
  const issued = await request.post("/api/auth/token", { data: { email, password: DEMO_PASSWORD } });
  expect(issued.status()).toBe(200);
  const { token, user } = (await issued.json()) as { token: string; user: { id: string } };
  const headers = { authorization: `Bearer ${token}` };
  const call = async <T>(method: "get" | "post" | "patch", url: string, data?: unknown) => {
    const response: APIResponse = await request[method](url, { headers, data });
    return { status: response.status(), headers: response.headers(), body: (await response.json()) as Envelope<T> };
  };
  return {
    user,
    token,
    get: <T>(url: string) => call<T>("get", url),
    post: <T>(url: string, data?: unknown) => call<T>("post", url, data),
    patch: <T>(url: string, data?: unknown) => call<T>("patch", url, data),
  };
}
