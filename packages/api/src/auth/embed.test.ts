import { randomUUID } from "node:crypto";

import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";

import { useHarness } from "../../test/harness";
import { hashPassword } from "@atiende/db";

import { authenticateWithPassword, verifyBearer } from "./identity";
import { exchangeEmbedToken, verifyEmbedToken } from "./embed";

const SECRET = "host-site-secret-0123456789abcdef0123456789";
const h = useHarness({ ATIENDE_EMBED_SECRET: SECRET, ATIENDE_EMBED_ORIGINS: "https://empleos.example" });

async function hostToken(claims: Record<string, unknown>, options: { secret?: string; expiresIn?: string | number } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "10m")
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

describe("a host site's tokens", () => {
  it("verify when signed with the embed secret, live at most an hour and name a subject", async () => {
    const ok = await verifyEmbedToken(await hostToken({ sub: "u1", email: "u1@portal.example", name: "Uno" }), h.services.config);
    expect(ok).toMatchObject({ issuer: "", subject: "u1", email: "u1@portal.example", name: "Uno" });
    const refused = [
      await hostToken({ sub: "u1" }, { secret: "another-secret-0123456789abcdef0123456789" }),
      await hostToken({ sub: "u1" }, { expiresIn: Math.floor(Date.now() / 1000) - 300 }),
      await hostToken({ sub: "u1" }, { expiresIn: "3h" }),
      await hostToken({ email: "nobody@portal.example" }),
      "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSJ9.",
    ];
    for (const token of refused) expect(await verifyEmbedToken(token, h.services.config)).toBeNull();
  });

  it("make a candidate, keyed by issuer and subject, never a staff account with the same email", async () => {
    const admin = await h.createUser("admin", { passwordHash: await hashPassword("admin-password") });
    const sub = `portal-${randomUUID()}`;
    const claimed = await exchangeEmbedToken(
      h.handle.db,
      h.services.config,
      await hostToken({ sub, email: admin.email, name: "Impostor", role: "admin" }),
    );
    expect(claimed?.user.role).toBe("candidato");
    expect(claimed?.user.id).not.toBe(admin.id);
    // Our token speaks for the candidate, and the admin still signs in as themself.
    const bearer = await verifyBearer(h.handle.db, h.services.config, claimed?.token ?? "");
    expect(bearer?.user.id).toBe(claimed?.user.id);
    expect((await authenticateWithPassword(h.handle.db, admin.email, "admin-password"))?.id).toBe(admin.id);

    // The same person again (renamed on the host) is the same candidate; their conversations stay.
    const again = await exchangeEmbedToken(h.handle.db, h.services.config, await hostToken({ sub, name: "Renombrada" }));
    expect(again?.user.id).toBe(claimed?.user.id);
    expect(again?.user.name).toBe("Renombrada");
    // Another issuer's user with the same id is someone else.
    const other = await exchangeEmbedToken(h.handle.db, h.services.config, await hostToken({ sub, iss: "otro-portal" }));
    expect(other?.user.id).not.toBe(claimed?.user.id);
  });

  it("are traded for tokens that expire no later than the host's", async () => {
    const exchanged = await exchangeEmbedToken(h.handle.db, h.services.config, await hostToken({ sub: `p-${randomUUID()}` }, { expiresIn: "2m" }));
    expect(exchanged?.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 121_000);
  });

  it("open nothing for a disabled candidate", async () => {
    const sub = `p-${randomUUID()}`;
    const first = await exchangeEmbedToken(h.handle.db, h.services.config, await hostToken({ sub }));
    const caller = h.callerFor(await h.createUser("admin"));
    await caller.user.setDisabled({ userId: first?.user.id ?? "", disabled: true });
    expect(await exchangeEmbedToken(h.handle.db, h.services.config, await hostToken({ sub }))).toBeNull();
  });
});
