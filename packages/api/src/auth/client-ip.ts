import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/**
 * The header in which the app's own server hands the caller's address to the route handlers. It
 * is always overwritten (see `stampClientIp`), so a client cannot choose its value.
 */
export const CLIENT_IP_HEADER = "x-atiende-client-ip";

/**
 * The caller's address: the socket's peer, or with `trustedProxies` hops of reverse proxies in
 * front, the address the outermost trusted proxy saw (read from the right of X-Forwarded-For, as
 * each proxy appends the peer it saw; anything further left was written by the client).
 */
export function clientIp(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: number,
): string | null {
  const chain = [
    ...(trustedProxies > 0 ? [forwardedFor ?? []].flat().flatMap((value) => value.split(",")) : []),
    remoteAddress ?? "",
  ]
    .map((value) => value.trim())
    .filter((value) => isIP(normalise(value)) !== 0);
  const picked = chain[Math.max(0, chain.length - 1 - trustedProxies)];
  return picked ? normalise(picked) : null;
}

// IPv4 peers of a dual-stack socket arrive as ::ffff:a.b.c.d.
const normalise = (address: string) => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");

/** Overwrites the client-IP header with the address this server worked out. */
export function stampClientIp(request: IncomingMessage, trustedProxies: number) {
  request.headers[CLIENT_IP_HEADER] =
    clientIp(request.socket.remoteAddress, request.headers["x-forwarded-for"], trustedProxies) ?? "";
}
