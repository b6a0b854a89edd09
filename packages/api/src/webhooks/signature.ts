import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * `Atiende-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The time is signed
 * too, so a receiver can refuse an old delivery replayed at it.
 */
export function signatureHeader(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)) {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** What a receiver does (the README shows the same in ten lines): check the MAC and the age. */
export function verifySignature(secret: string, header: string, body: string, toleranceSeconds = 300) {
  const parts = new Map(header.split(",").map((part) => [part.split("=", 1)[0], part.slice(part.indexOf("=") + 1)]));
  const t = Number(parts.get("t"));
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureHeader(secret, body, t));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
