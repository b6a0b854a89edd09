import { describe, expect, it } from "vitest";

import { issueToken } from "../auth/token";
import { useHarness } from "../test/harness";
import { useTestServer } from "../test/server";

const h = useHarness();
const server = useTestServer(h);

describe("tRPC over HTTP", () => {
  it("answers with the security headers and the API's content policy", async () => {
    const response = await fetch(`${server.origin}/api/trpc/auth.me`);
    expect(response.status).toBe(401);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it("refuses bodies over 1 MB with 413", async () => {
    const candidate = await h.actor("candidato");
    const { token } = await issueToken(candidate.user.id, h.services.config);
    const response = await fetch(`${server.origin}/api/trpc/conversation.create`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ json: { subject: "x".repeat(2 * 1024 * 1024) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it("never sends a stack trace in an error", async () => {
    const candidate = await h.actor("candidato");
    const { token } = await issueToken(candidate.user.id, h.services.config);
    for (const [path, init] of [
      ["/api/trpc/conversation.get?input=%7Bbroken", {}],
      ["/api/trpc/message.send", { method: "POST", body: "{]", headers: { "content-type": "application/json" } }],
      ["/api/trpc/no.such.procedure", {}],
    ] as const) {
      const response = await fetch(`${server.origin}${path}`, {
        ...init,
        headers: { ...("headers" in init ? init.headers : {}), authorization: `Bearer ${token}` },
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      const body = await response.text();
      expect(body).not.toContain('"stack"');
      expect(body).not.toMatch(/\bat .+:\d+:\d+/);
    }
  });
});
