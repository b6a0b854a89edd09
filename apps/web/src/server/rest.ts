import { createCaller, createInnerContext, verifyBearer } from "@atiende/api";
import { bearerToken } from "@atiende/api/contract";
import type { Caller, RestResult } from "@atiende/api/rest";
import { getLogger } from "@atiende/api/log";
import { restTexts, toRestError } from "@atiende/api/rest";

import { getServices } from "./services";

const MAX_BODY_BYTES = 64 * 1024;

interface RestRequest<P> {
  caller: Caller;
  params: P;
  query: URLSearchParams;
  body: unknown;
}

type RouteContext<P> = { params: Promise<P> };

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

class BodyError extends Error {
  constructor(readonly status: 400 | 413) {
    super(status === 413 ? restTexts.tooLarge : restTexts.invalidJson);
  }
}

/** Reads a JSON body within the size limit; an empty body is `undefined`. */
async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyError(413);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new BodyError(413);
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400);
  }
}

/**
 * A REST endpoint on top of the tRPC procedures: bearer-token auth, a bounded JSON body, the
 * contract's envelope, and its error shapes (field names as the contract spells them).
 */
export function restRoute<P = Record<string, never>>(
  handler: (request: RestRequest<P>) => Promise<RestResult>,
  fieldNames: Record<string, string> = {},
) {
  return async (request: Request, context: RouteContext<P>) => {
    try {
      const services = await getServices();
      const token = bearerToken(request.headers.get("authorization"));
      const identity = token ? await verifyBearer(services.db, services.config, token) : null;
      if (!identity) return json(401, { success: false, message: restTexts.unauthorized });

      const body = request.method === "GET" ? undefined : await readJson(request);
      const caller = createCaller(createInnerContext(services, identity.user));
      const result = await handler({
        caller,
        params: await context.params,
        query: new URL(request.url).searchParams,
        body,
      });
      const { status = 200, message, data, meta } = result;
      return json(status, { success: true, ...(data !== undefined ? { data } : {}), message, ...(meta ? { meta } : {}) });
    } catch (error) {
      if (error instanceof BodyError) {
        return json(error.status, { success: false, message: error.status === 400 ? [error.message] : error.message, ...(error.status === 400 ? { errors: { body: [error.message] } } : {}) });
      }
      const response = toRestError(error, fieldNames);
      if (response.status === 500) {
        getLogger().error({ err: error, method: request.method, path: new URL(request.url).pathname }, "REST call failed");
      }
      return json(response.status, response.body, response.headers);
    }
  };
}
