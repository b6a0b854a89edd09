import { hashPassword } from "@atiende/db";
import { describe, expect, it } from "vitest";

import { RateLimitedError } from "../domain/errors";
import { useHarness } from "../../test/harness";
import { clientIp } from "./client-ip";
import { signInWithPassword } from "./sign-in";

const h = useHarness({ AUTH_SIGN_IN_LIMIT_PER_IP: "6", AUTH_SIGN_IN_LIMIT_PER_ACCOUNT: "3" });

describe("sign-in brute force", () => {
  it("an account is refused after its failed attempts, even with the right password, with a wait", async () => {
    const user = await h.createUser("candidato", { passwordHash: await hashPassword("la-buena-1") });
    const attempt = (password: string, ip: string) =>
      signInWithPassword(h.handle.db, h.services.config, { email: user.email.toUpperCase(), password, ip });
    expect((await attempt("la-buena-1", "10.0.0.1"))?.id).toBe(user.id);
    for (const ip of ["10.0.0.1", "10.0.0.2", "10.0.0.3"]) expect(await attempt("mala", ip)).toBeNull();
    const refused = await attempt("la-buena-1", "10.0.0.4").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect((refused as RateLimitedError).message).toMatch(/^Demasiados intentos de inicio de sesión\. Inténtalo de nuevo en \d+ s$/);
  });

  it("an IP is refused after its attempts, whichever accounts they name", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < 6; i += 1) {
      expect(await signInWithPassword(h.handle.db, h.services.config, { email: `nadie-${i}@example.com`, password: "x", ip })).toBeNull();
    }
    await expect(
      signInWithPassword(h.handle.db, h.services.config, { email: "otro@example.com", password: "x", ip }),
    ).rejects.toBeInstanceOf(RateLimitedError);
    // Another address is unaffected.
    expect(await signInWithPassword(h.handle.db, h.services.config, { email: "otro@example.com", password: "x", ip: "192.0.2.78" })).toBeNull();
  });
});

describe("the client's address", () => {
  it("is the socket's peer unless proxies are trusted", () => {
    expect(clientIp("::ffff:203.0.113.9", "1.2.3.4", 0)).toBe("203.0.113.9");
    expect(clientIp("203.0.113.9", undefined, 0)).toBe("203.0.113.9");
  });

  it("with trusted proxies, is read from the right of X-Forwarded-For; what the client wrote further left is ignored", () => {
    // client forged "6.6.6.6", the real client 198.51.100.4, one proxy at 10.0.0.2
    expect(clientIp("10.0.0.2", "6.6.6.6, 198.51.100.4", 1)).toBe("198.51.100.4");
    expect(clientIp("10.0.0.2", ["6.6.6.6, 198.51.100.4", "10.0.0.1"], 2)).toBe("198.51.100.4");
    expect(clientIp("10.0.0.2", "not-an-ip", 1)).toBe("10.0.0.2");
    expect(clientIp("10.0.0.2", undefined, 1)).toBe("10.0.0.2");
    expect(clientIp(undefined, undefined, 0)).toBeNull();
  });
});
