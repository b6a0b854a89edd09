// What a host backend needs to vouch for its signed-in user: an HS256 JWT signed with
// ATIENDE_EMBED_SECRET, living at most an hour. Any JWT library does the same; this one needs none.
import { createHmac } from "node:crypto";

const base64url = (value) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

export function mintAtiendeToken(user, secret, ttlSeconds = 600) {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: "HS256", typ: "JWT" });
  const payload = base64url({ sub: user.id, email: user.email, name: user.name, iat: now, exp: now + ttlSeconds });
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}
