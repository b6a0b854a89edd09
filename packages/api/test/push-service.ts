/**
 * A push service for tests, over real HTTPS, and browsers' side of a subscription: what Chrome and
 * Firefox do with a push, done here by hand so the server's encryption (RFC 8291, aes128gcm per
 * RFC 8188) and its VAPID signature (RFC 8292) are checked by code that is not the code under test.
 */
import { execFileSync } from "node:child_process";
import type { ECDH } from "node:crypto";
import {
  createDecipheriv,
  createECDH,
  createHmac,
  createPublicKey,
  randomBytes,
  verify,
} from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** A browser's subscription: its key pair and auth secret stay here, as they stay in a browser. */
export interface Device {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  ecdh: ECDH;
  authSecret: Buffer;
}

export interface PushReceived {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A self-signed certificate for 127.0.0.1, made with openssl in a temporary folder. */
function certificate() {
  const dir = mkdtempSync(path.join(tmpdir(), "atiende-push-"));
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  return { dir, key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8"), certPath: cert };
}

/**
 * Records every push and answers 201 (as push services do), or what `answer` says for a path: a
 * subscription that expired gets 410.
 */
export async function startPushService(answer: (path: string) => number = () => 201) {
  const tls = certificate();
  const received: PushReceived[] = [];
  const server = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([k, v]) => [k, String(v)]),
      );
      received.push({ path: request.url ?? "", headers, body: Buffer.concat(chunks) });
      response.writeHead(answer(request.url ?? "")).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `https://127.0.0.1:${port}`;
  return {
    origin,
    /** The certificate to trust (PEM), and its file for NODE_EXTRA_CA_CERTS. */
    ca: tls.cert,
    caPath: tls.certPath,
    received,
    /** What this device was sent. */
    to: (device: Device) => received.filter((r) => `${origin}${r.path}` === device.endpoint),
    /** A new browser subscription at this service. */
    device: (name: string): Device => {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      return {
        endpoint: `${origin}/push/${name}-${randomBytes(8).toString("hex")}`,
        keys: {
          p256dh: ecdh.getPublicKey().toString("base64url"),
          auth: authSecret.toString("base64url"),
        },
        ecdh,
        authSecret,
      };
    },
    close: () => {
      server.closeAllConnections();
      rmSync(tls.dir, { recursive: true, force: true });
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const hmac = (key: Buffer, data: Buffer) => createHmac("sha256", key).update(data).digest();

/** Decrypts an aes128gcm push body as the browser holding `device` would (RFC 8291 §3.4, one record). */
export function decryptPush(device: Device, body: Buffer): string {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const senderPublic = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = device.ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([
    Buffer.from("WebPush: info\0"),
    device.ecdh.getPublicKey(),
    senderPublic,
  ]);
  const ikm = hmac(hmac(device.authSecret, shared), Buffer.concat([keyInfo, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0\x01")).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0\x01")).subarray(0, 12);
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(-16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, -16)), decipher.final()]);
  // The last record ends with a 0x02 delimiter, then any zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no final-record delimiter");
  return padded.subarray(0, end).toString("utf8");
}

/**
 * Checks `Authorization: vapid t=<JWT>, k=<key>` as a push service does (RFC 8292): an ES256 JWT
 * signed by `k`, for this endpoint's origin, not expired; returns its claims and key.
 */
export function verifyVapid(authorization: string, endpoint: string) {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization);
  if (!match?.[1] || !match[2]) throw new Error(`not a VAPID header: ${authorization}`);
  const [header, claims, signature] = match[1].split(".") as [string, string, string];
  const publicKey = Buffer.from(match[2], "base64url");
  const key = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: publicKey.subarray(1, 33).toString("base64url"),
      y: publicKey.subarray(33, 65).toString("base64url"),
    },
    format: "jwk",
  });
  const valid = verify(
    "sha256",
    Buffer.from(`${header}.${claims}`),
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.from(signature, "base64url"),
  );
  if (!valid) throw new Error("the VAPID signature does not verify");
  const head = JSON.parse(Buffer.from(header, "base64url").toString()) as { alg: string };
  const jwt = JSON.parse(Buffer.from(claims, "base64url").toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (head.alg !== "ES256") throw new Error(`alg ${head.alg}`);
  if (jwt.aud !== new URL(endpoint).origin) throw new Error(`aud ${jwt.aud}`);
  if (jwt.exp * 1000 <= Date.now() || jwt.exp * 1000 > Date.now() + 24 * 3600 * 1000)
    throw new Error(`exp ${jwt.exp}`);
  return { ...jwt, publicKey: match[2] };
}
