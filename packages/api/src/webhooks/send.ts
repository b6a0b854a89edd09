import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";

import { guardedLookup, hostOf, InternalAddressError, isInternalAddress } from "./address";
import { signatureHeader } from "./signature";

export interface SendOptions {
  url: string;
  secret: string;
  deliveryId: string;
  event: string;
  body: string;
  timeoutMs: number;
  allowInternal: boolean;
}

export interface SendResult {
  ok: boolean;
  /** The answer's HTTP status, when one came. */
  status: number | null;
  durationMs: number;
  error: string | null;
}

/** Enough of an answer to know it came; receivers are not expected to say more. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one signed delivery. Only a 2xx counts: a redirect is an answer like any other and is not
 * followed; the whole exchange (connecting included) is bounded by `timeoutMs`, and at most 64 KB
 * of the answer is read.
 */
export function sendDelivery(options: SendOptions): Promise<SendResult> {
  return postBounded({
    url: options.url,
    headers: {
      "content-type": "application/json",
      "user-agent": "Atiende-Webhooks/1",
      "atiende-event": options.event,
      "atiende-delivery": options.deliveryId,
      "atiende-signature": signatureHeader(options.secret, options.body),
    },
    body: options.body,
    timeoutMs: options.timeoutMs,
    allowInternal: options.allowInternal,
  });
}

export interface PostOptions {
  url: string;
  headers: Record<string, string | number>;
  body: string | Buffer;
  timeoutMs: number;
  /** Loopback and private addresses allowed (WEBHOOK_ALLOW_PRIVATE); else refused, after DNS too. */
  allowInternal: boolean;
  /** Certificates to trust besides the system's (tests' own HTTPS receivers). */
  ca?: string;
}

/**
 * One outgoing POST to an address someone outside the team chose (a webhook, a browser's push
 * service): internal addresses refused unless allowed, redirects not followed, bounded in time and
 * in what is read of the answer.
 */
export function postBounded(options: PostOptions): Promise<SendResult> {
  const started = performance.now();
  const done = (status: number | null, error: string | null): SendResult => ({
    ok: status !== null && status >= 200 && status < 300,
    status,
    durationMs: Math.round(performance.now() - started),
    error,
  });
  const url = new URL(options.url);
  const literal = hostOf(url);
  if (!options.allowInternal && isIP(literal) && isInternalAddress(literal)) {
    return Promise.resolve(done(null, new InternalAddressError(literal).message));
  }
  return new Promise((resolve) => {
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, {
      method: "POST",
      headers: options.headers,
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.allowInternal ? {} : { lookup: guardedLookup }),
    });
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    const finish = (result: SendResult) => {
      clearTimeout(deadline);
      resolve(result);
    };
    request.on("error", (error) => finish(done(null, error.message)));
    request.on("response", (response) => {
      let read = 0;
      response.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) response.destroy();
      });
      response.on("close", () => finish(done(response.statusCode ?? null, null)));
      response.on("error", () => undefined);
    });
    request.end(options.body);
  });
}
