import { describe, expect, it } from "vitest";

import { issueToken } from "../auth/token";
import { useHarness } from "../../test/harness";
import { useTestServer } from "../../test/server";

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

describe("host sites (ATIENDE_EMBED_ORIGINS)", () => {
  const embedHarness = useHarness({ ATIENDE_EMBED_ORIGINS: "https://empleos.example" });
  const embedServer = useTestServer(embedHarness);

  it("read the API's answers with CORS, never with credentials; other sites get nothing", async () => {
    const preflight = await fetch(`${embedServer.origin}/api/trpc/auth.me`, {
      method: "OPTIONS",
      headers: { origin: "https://empleos.example", "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://empleos.example");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
    const call = await fetch(`${embedServer.origin}/api/trpc/auth.me`, { headers: { origin: "https://empleos.example" } });
    expect(call.headers.get("access-control-allow-origin")).toBe("https://empleos.example");

    const foreign = await fetch(`${embedServer.origin}/api/trpc/auth.me`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    const foreignCall = await fetch(`${embedServer.origin}/api/trpc/auth.me`, { headers: { origin: "https://evil.example" } });
    expect(foreignCall.headers.get("access-control-allow-origin")).toBeNull();
    // Pages and sign-in are not part of the cross-site API.
    const page = await fetch(`${embedServer.origin}/sign-in`, { headers: { origin: "https://empleos.example" } });
    expect(page.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("may frame /embed only; every other response refuses frames", async () => {
    const embed = await fetch(`${embedServer.origin}/embed?host=https%3A%2F%2Fempleos.example`);
    expect(embed.headers.get("x-frame-options")).toBeNull();
    for (const path of ["/", "/embedded", "/embed/frame.js", "/api/trpc/auth.me", "/sign-in"]) {
      const response = await fetch(`${embedServer.origin}${path}`);
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
    }
  });

  it("may open the WebSocket; other sites may not", async () => {
    const { WebSocket } = await import("ws");
    const opens = (origin: string) =>
      new Promise<boolean>((resolve) => {
        const socket = new WebSocket(embedServer.wsUrl, { origin });
        socket.once("open", () => {
          socket.close();
          resolve(true);
        });
        socket.once("error", () => resolve(false));
      });
    expect(await opens("https://empleos.example")).toBe(true);
    expect(await opens("https://evil.example")).toBe(false);
  });
});
