import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiConfig } from "../config";
import { useHarness } from "../../test/harness";
import { verifyBearer } from "./identity";

const h = useHarness();
const server = createServer();
let config: ApiConfig;
let sign: (claims: Record<string, unknown>) => Promise<string>;
let issuerKey: CryptoKey;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  issuerKey = privateKey;
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  // The issuer's key set, served on this machine as a real identity provider would serve it.
  server.on("request", (_request, response) => {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  config = {
    ...h.services.config,
    auth: {
      ...h.services.config.auth,
      external: {
        jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        issuer: "https://host.example",
        claims: { userId: "uid", email: "mail", name: "fullName", role: "rol" },
      },
    },
  };
  sign = (claims) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setIssuer("https://host.example")
      .setExpirationTime("5m")
      .sign(privateKey);
});
afterAll(() => server.close());

describe("an external issuer with a JWKS URL", () => {
  it("signs in a token verified against the issuer's keys, reading the configured claims", async () => {
    const token = await sign({ uid: "host-42", mail: "lucia@host.example", fullName: "Lucía Host", rol: "soporte" });
    const identity = await verifyBearer(h.handle.db, config, token);
    expect(identity?.user).toMatchObject({ externalId: "host-42", email: "lucia@host.example", name: "Lucía Host", role: "soporte" });
    expect(identity?.expiresAt?.getTime()).toBeGreaterThan(Date.now());
  });

  it("refuses a token from another issuer or signed by another key", async () => {
    const { privateKey: stranger } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ uid: "x", mail: "x@host.example" })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setIssuer("https://host.example")
      .setExpirationTime("5m")
      .sign(stranger);
    expect(await verifyBearer(h.handle.db, config, forged)).toBeNull();
    const wrongIssuer = await new SignJWT({ uid: "y", mail: "y@host.example" })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setIssuer("https://elsewhere.example")
      .setExpirationTime("5m")
      .sign(issuerKey);
    expect(await verifyBearer(h.handle.db, config, wrongIssuer)).toBeNull();
  });
});
