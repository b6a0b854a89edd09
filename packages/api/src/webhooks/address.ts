import type { LookupAddress, LookupAllOptions } from "node:dns";
import { lookup as dnsLookup } from "node:dns";
import { BlockList, isIP } from "node:net";

/** Loopback, private, link-local, shared, multicast and reserved ranges: never a webhook's target. */
const internal = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const) {
  internal.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 127],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  internal.addSubnet(network, prefix, "ipv6");
}

export function isInternalAddress(address: string): boolean {
  const mappedV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mappedV4) return isInternalAddress(mappedV4);
  const family = isIP(address);
  if (family === 0) return true;
  return internal.check(address, family === 4 ? "ipv4" : "ipv6");
}

export class InternalAddressError extends Error {
  constructor(host: string) {
    super(`${host} is a loopback, private or link-local address (set WEBHOOK_ALLOW_PRIVATE=true to allow it)`);
    this.name = "InternalAddressError";
  }
}

/** The URL's host without IPv6 brackets. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

const lookupAll = (host: string) =>
  new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/**
 * Whether an endpoint's URL may be saved: an internal address written as such, or a name that
 * resolves to one now, is refused. Names that do not resolve yet are accepted: every delivery
 * checks the addresses it connects to again (see `guardedLookup`).
 */
export async function refusesInternal(url: URL): Promise<boolean> {
  const host = hostOf(url);
  if (isIP(host)) return isInternalAddress(host);
  if (/^localhost$|\.localhost$/i.test(host)) return true;
  const addresses = await Promise.race([
    lookupAll(host).catch(() => []),
    new Promise<LookupAddress[]>((resolve) => setTimeout(() => resolve([]), 2000).unref()),
  ]);
  return addresses.some(({ address }) => isInternalAddress(address));
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that refuses internal addresses after resolving, at connection time,
 * so a name that changed its answer since the endpoint was saved (DNS rebinding) cannot reach one.
 */
export function guardedLookup(hostname: string, options: LookupAllOptions | object, callback: LookupCallback) {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.some(({ address }) => isInternalAddress(address))) return callback(new InternalAddressError(hostname), []);
    if ((options as LookupAllOptions).all) return callback(null, addresses);
    const [first] = addresses;
    if (!first) return callback(new Error(`${hostname} has no address`), []);
    callback(null, first.address, first.family);
  });
}
