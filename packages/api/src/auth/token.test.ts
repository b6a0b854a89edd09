import { randomUUID } from "node:crypto";

import { and, auditLog, count, eq, hashPassword, users } from "@atiende/db";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";

import type { ApiConfig } from "../config";
import { useHarness } from "../../test/harness";
import { authenticateWithPassword, verifyBearer } from "./identity";
import { issueToken } from "./token";

/** The user a bearer token speaks for, or null. */
const authenticateBearer = async (...args: Parameters<typeof verifyBearer>) =>
  (await verifyBearer(...args))?.user ?? null;

const h = useHarness();

const key = (secret: string) => new TextEncoder().encode(secret);
const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

const EXTERNAL_SECRET = "external-shared-secret-123456";
let config: ApiConfig;
let externalConfig: ApiConfig;
beforeAll(() => {
  config = h.services.config;
  externalConfig = {
    ...config,
    auth: {
      ...config.auth,
      external: { secret: EXTERNAL_SECRET, claims: { userId: "sub", email: "email", name: "name", role: "role" } },
    },
  };
});

/** A token in our own format (issuer atiende, audience atiende-api), signed as asked. */
const ownToken = (sub: string, opts: { secret?: string; exp?: number; iss?: string; aud?: string } = {}) =>
  new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(sub)
    .setIssuer(opts.iss ?? "atiende")
    .setAudience(opts.aud ?? "atiende-api")
    .setIssuedAt(now() - 120)
    .setExpirationTime(opts.exp ?? now() + 600)
    .sign(key(opts.secret ?? config.auth.secret));

const externalToken = (claims: Record<string, unknown>, secret = EXTERNAL_SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime("5m").sign(key(secret));

describe("our own bearer tokens", () => {
  it("a freshly issued token resolves its user, and expires after the configured TTL", async () => {
    const user = await h.createUser("candidato");
    const before = Date.now();
    const issued = await issueToken(user.id, config);
    expect(issued.expiresAt.getTime() - before).toBeGreaterThanOrEqual(config.auth.tokenTtlSeconds * 1000 - 1000);
    expect(issued.expiresAt.getTime() - before).toBeLessThanOrEqual(config.auth.tokenTtlSeconds * 1000 + 1000);
    expect(await authenticateBearer(h.handle.db, config, issued.token)).toMatchObject({ id: user.id });
  });

  it("a token signed with another secret is null", async () => {
    const user = await h.createUser("admin");
    const forged = await ownToken(user.id, { secret: "some-other-secret-of-enough-length-000" });
    expect(await authenticateBearer(h.handle.db, config, forged)).toBeNull();
  });

  it("an alg:none token is null", async () => {
    const user = await h.createUser("admin");
    const payload = { sub: user.id, iss: "atiende", aud: "atiende-api", iat: now(), exp: now() + 600 };
    const unsigned = `${b64url({ alg: "none", typ: "JWT" })}.${b64url(payload)}.`;
    expect(await authenticateBearer(h.handle.db, config, unsigned)).toBeNull();
  });

  it("an expired token, correctly signed, is null", async () => {
    const user = await h.createUser("soporte");
    const expired = await ownToken(user.id, { exp: now() - 60 });
    expect(await authenticateBearer(h.handle.db, config, expired)).toBeNull();
  });

  it("a token for another issuer or audience, or for no known user, is null", async () => {
    const user = await h.createUser("soporte");
    expect(await authenticateBearer(h.handle.db, config, await ownToken(user.id, { iss: "otro" }))).toBeNull();
    expect(await authenticateBearer(h.handle.db, config, await ownToken(user.id, { aud: "otra-api" }))).toBeNull();
    expect(await authenticateBearer(h.handle.db, config, await ownToken(randomUUID()))).toBeNull();
    expect(await authenticateBearer(h.handle.db, config, await ownToken("not-a-uuid"))).toBeNull();
  });

  describe("a token whose signature was checked before (it is remembered)", () => {
    it("is still refused under another secret", async () => {
      const user = await h.createUser("soporte");
      const { token } = await issueToken(user.id, config);
      expect(await authenticateBearer(h.handle.db, config, token)).toMatchObject({ id: user.id });
      const rotated = { ...config, auth: { ...config.auth, secret: "a-rotated-secret-of-enough-length-0000" } };
      expect(await authenticateBearer(h.handle.db, rotated, token)).toBeNull();
    });

    it("dies when it expires", async () => {
      const user = await h.createUser("candidato");
      const { token, expiresAt } = await issueToken(user.id, config, 60);
      expect(await authenticateBearer(h.handle.db, config, token)).toMatchObject({ id: user.id });
      vi.useFakeTimers({ toFake: ["Date"] });
      try {
        vi.setSystemTime(expiresAt.getTime() + 1000);
        expect(await authenticateBearer(h.handle.db, config, token)).toBeNull();
      } finally {
        vi.useRealTimers();
      }
    });

    it("dies at once when the account is disabled or its credentials change", async () => {
      const user = await h.createUser("candidato");
      const { token } = await issueToken(user.id, config);
      const other = await h.createUser("candidato");
      const { token: otherToken } = await issueToken(other.id, config);
      for (const t of [token, otherToken]) expect(await authenticateBearer(h.handle.db, config, t)).not.toBeNull();
      await h.handle.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
      await h.handle.db.update(users).set({ credentialsChangedAt: new Date(Date.now() + 1000) }).where(eq(users.id, other.id));
      expect(await authenticateBearer(h.handle.db, config, token)).toBeNull();
      expect(await authenticateBearer(h.handle.db, config, otherToken)).toBeNull();
    });
  });

  it.each(["", "garbage", "a.b.c", "Bearer x", "....", "x".repeat(9000)])("garbage %j is null", async (token) => {
    expect(await authenticateBearer(h.handle.db, config, token)).toBeNull();
  });
});

describe("tokens from an external issuer", () => {
  const usersWithExternalId = async (externalId: string) =>
    h.handle.db.select().from(users).where(eq(users.externalId, externalId));

  it("creates the user on first sight with the claimed role, finds them again, and audits user.created", async () => {
    const sub = `ext-${randomUUID()}`;
    const token = await externalToken({ sub, email: `${sub}@host.example`, name: "Ana Externa", role: "soporte" });
    const first = await authenticateBearer(h.handle.db, externalConfig, token);
    expect(first).toMatchObject({ externalId: sub, email: `${sub}@host.example`, name: "Ana Externa", role: "soporte" });
    if (!first) throw new Error("the external user was not created");
    expect(first.passwordHash).toBeNull();

    const claims = { sub, email: `${sub}@host.example`, name: "Ana Externa", role: "soporte" };
    const again = await authenticateBearer(h.handle.db, externalConfig, await externalToken(claims));
    expect(again?.id).toBe(first.id);
    expect(await usersWithExternalId(sub)).toHaveLength(1);

    const [created] = await h.handle.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.created"), eq(auditLog.actorUserId, first.id)));
    expect(created?.n).toBe(1);
  });

  it("defaults the role to candidato when the claim is absent", async () => {
    const sub = `ext-${randomUUID()}`;
    const user = await authenticateBearer(
      h.handle.db,
      externalConfig,
      await externalToken({ sub, email: `${sub}@host.example`, name: "Sin Rol" }),
    );
    expect(user).toMatchObject({ externalId: sub, role: "candidato" });
    await expect(h.callerFor(user).auth.me()).resolves.toMatchObject({ role: "candidato" });
  });

  it("a token signed with the wrong secret is null and creates no user", async () => {
    const sub = `ext-${randomUUID()}`;
    const token = await externalToken({ sub, email: `${sub}@host.example` }, "not-the-external-secret-000");
    expect(await authenticateBearer(h.handle.db, externalConfig, token)).toBeNull();
    expect(await usersWithExternalId(sub)).toHaveLength(0);
  });

  it("without an external issuer configured, such a token is null", async () => {
    const sub = `ext-${randomUUID()}`;
    const token = await externalToken({ sub, email: `${sub}@host.example` });
    expect(await authenticateBearer(h.handle.db, config, token)).toBeNull();
    expect(await usersWithExternalId(sub)).toHaveLength(0);
  });
});

describe("authenticateWithPassword", () => {
  let userId: string;
  const email = `Ana.Perez.${Date.now()}@Example.com`;
  beforeAll(async () => {
    const user = await h.createUser("candidato", { email, passwordHash: await hashPassword("s3creta-larga") });
    userId = user.id;
  });

  it("the right password returns the user", async () => {
    expect(await authenticateWithPassword(h.handle.db, email, "s3creta-larga")).toMatchObject({ id: userId });
  });

  it("a wrong password is null", async () => {
    expect(await authenticateWithPassword(h.handle.db, email, "s3creta-larg")).toBeNull();
    expect(await authenticateWithPassword(h.handle.db, email, "")).toBeNull();
  });

  it("an unknown email is null", async () => {
    expect(await authenticateWithPassword(h.handle.db, "nadie@example.com", "s3creta-larga")).toBeNull();
  });

  it("email matching is case-insensitive", async () => {
    for (const variant of [email.toLowerCase(), email.toUpperCase(), `  ${email}  `]) {
      expect(await authenticateWithPassword(h.handle.db, variant, "s3creta-larga")).toMatchObject({ id: userId });
    }
  });

  it("a user without a password (external identity) cannot sign in with one", async () => {
    const external = await h.createUser("candidato", { externalId: `ext-${randomUUID()}` });
    expect(await authenticateWithPassword(h.handle.db, external.email, "")).toBeNull();
    expect(await authenticateWithPassword(h.handle.db, external.email, "anything")).toBeNull();
  });
});
