import type { IncomingMessage, ServerResponse } from "node:http";

import { callTRPCProcedure, getTRPCErrorFromUnknown, TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { getHTTPStatusCode } from "@trpc/server/http";

import type { BearerIdentity } from "../auth/identity";
import { CONNECTION_ID_HEADER, connectionIdOf } from "../contract";
import { UnconfirmedUserError } from "../domain/errors";
import { rethrowAsOutage } from "../domain/outage";
import { appRouter } from "../root";
import type { ApiServices, InnerContext, ProcedureMeta } from "../trpc";
import { createInnerContext, errorShape, transformer } from "../trpc";

export const HTTP_PATH = "/api/trpc";
const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpOptions {
  services: ApiServices;
  /**
   * Who is calling: a bearer token when one is sent (and then only it), else the session.
   * `mayRemember`: see auth/identity.ts's `credentialUser`.
   */
  authenticate: (request: IncomingMessage, mayRemember: boolean) => Promise<BearerIdentity | null>;
  onInternalError?: (error: unknown, path: string | undefined, requestId?: string) => void;
}

/** A call's outcome as tRPC writes it, before the transformer. */
type CallResult = { result: { data: unknown } } | { error: ReturnType<typeof errorShape> };

/**
 * The mutations, by path: what a JSON POST may call on the lean path. At run time the router's
 * `procedures` is flat, keyed by full path (its type describes the nesting).
 */
const PROCEDURES = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string; meta?: ProcedureMeta } }>,
);
const MUTATIONS = new Set(PROCEDURES.filter(([, procedure]) => procedure._def.type === "mutation").map(([path]) => path));
/** The mutations that may run on a remembered caller: their write confirms it (trpc.ts). */
const CONFIRMING = new Set(
  PROCEDURES.filter(([, procedure]) => procedure._def.meta?.confirmsRememberedUser).map(([path]) => path),
);

/**
 * tRPC over HTTP for Node's own server: queries, mutations (batched, streamed) and subscriptions as
 * Server-Sent Events for networks that block WebSockets.
 *
 * A mutation posted as plain JSON, as the browser and the typed client send a message (one call,
 * or a batch without streaming), takes a lean path: tRPC's adapter would turn the request into a
 * Fetch `Request` with its abort signals, and its answer into a `Response` read back as a stream,
 * which nobody here reads (a tenth of a send's CPU, see bench/RESULTS.md). The lean path runs the
 * same procedure through `callTRPCProcedure` (validation, authorization, every middleware) and
 * writes tRPC's wire format, status codes and error shapes, so clients cannot tell. Everything else
 * (queries, streaming batches, event streams, bodies without a length) goes to tRPC's handler.
 */
export function createTrpcHttpHandler(options: HttpOptions) {
  const requestIds = new WeakMap<IncomingMessage, string>();
  const contextFor = async (request: IncomingMessage, mayRemember = false): Promise<InnerContext> => {
    // Taken before the database is asked: a revocation published after it ends SSE streams.
    const authenticatedAt = Date.now();
    // Finding out who calls reads the database: an outage there is a 503 too.
    const identity = await options.authenticate(request, mayRemember).catch(rethrowAsOutage);
    const connectionId = connectionIdOf(request.headers[CONNECTION_ID_HEADER]);
    return createInnerContext(options.services, identity?.user ?? null, {
      authenticatedAt,
      userRemembered: identity?.remembered,
      connectionId,
    });
  };
  const reportInternal = (error: TRPCError, path: string | undefined, requestId: string) => {
    if (error.code === "INTERNAL_SERVER_ERROR") options.onInternalError?.(error.cause ?? error, path, requestId);
  };
  const handler = createHTTPHandler({
    router: appRouter,
    basePath: `${HTTP_PATH}/`,
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req }) => contextFor(req),
    onError: ({ error, path, req }) => reportInternal(error, path, requestIds.get(req) ?? ""),
  });

  async function serveMutations(request: IncomingMessage, response: ServerResponse, call: LeanCall, requestId: string) {
    const body = await readBody(request);
    if (body === undefined) return;
    const contextOrError = (mayRemember: boolean) =>
      contextFor(request, mayRemember).catch((cause: unknown) => getTRPCErrorFromUnknown(cause));
    // A send need not read its caller first: its statement confirms the caller it remembers.
    const context = await contextOrError(call.paths.every((path) => CONFIRMING.has(path)));
    let readContext: Promise<InnerContext | TRPCError> | undefined;
    // Read once, when the first call asks, and refused as tRPC refuses an unreadable input.
    let inputs: Promise<unknown[]> | undefined;
    const readInputs = () =>
      (inputs ??= new Promise<unknown[]>((resolve) => resolve(decodeInputs(body, call)))).catch((cause: unknown) => {
        if (cause instanceof TRPCError) throw cause;
        throw new TRPCError({ code: "BAD_REQUEST", message: cause instanceof Error ? cause.message : "Invalid input", cause });
      });
    const results = await Promise.all(
      call.paths.map(async (path, index): Promise<CallResult> => {
        const callWith = (ctx: InnerContext | TRPCError) => {
          if (ctx instanceof TRPCError) throw ctx;
          return callTRPCProcedure({
            router: appRouter,
            path,
            getRawInput: async () => (await readInputs())[index],
            ctx,
            type: "mutation",
            signal: undefined,
            batchIndex: index,
          });
        };
        try {
          let data: unknown;
          try {
            data = await callWith(context);
          } catch (cause) {
            if (!(cause instanceof TRPCError && cause.cause instanceof UnconfirmedUserError)) throw cause;
            // The remembered caller changed (revoked, renamed, another role): read them, call again.
            data = await callWith(await (readContext ??= contextOrError(false)));
          }
          return { result: { data } };
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          reportInternal(error, path, requestId);
          return { error: errorShape(error, path) };
        }
      }),
    );
    const status = getHTTPStatusCode(call.batch ? results : (results[0] as CallResult));
    const wire = results.map((result) =>
      "error" in result
        ? { error: transformer.output.serialize(result.error) }
        : { result: { data: transformer.output.serialize(result.result.data) } },
    );
    const text = JSON.stringify(call.batch ? wire : wire[0]);
    if (response.destroyed) return;
    response.writeHead(status, {
      "content-type": "application/json",
      vary: "trpc-accept, accept",
      "content-length": Buffer.byteLength(text),
    });
    response.end(text);
  }

  return (request: IncomingMessage, response: ServerResponse, requestId: string) => {
    const call = leanCall(request);
    if (call) return void serveMutations(request, response, call, requestId);
    requestIds.set(request, requestId);
    handler(request, response);
  };
}

interface LeanCall {
  paths: string[];
  batch: boolean;
}

/** The mutations a request calls, when the lean path can serve it (see createTrpcHttpHandler). */
function leanCall(request: IncomingMessage): LeanCall | undefined {
  if (request.method !== "POST" || request.headers["trpc-accept"] !== undefined) return undefined;
  if (!request.headers["content-type"]?.startsWith("application/json")) return undefined;
  // Bodies of unknown or excessive length: tRPC's handler reads and refuses them (413).
  const length = Number(request.headers["content-length"] ?? Number.NaN);
  if (!(length <= MAX_BODY_BYTES)) return undefined;
  const url = request.url ?? "";
  const query = url.indexOf("?");
  const search = query === -1 ? "" : url.slice(query + 1);
  if (search !== "" && search !== "batch=1") return undefined;
  const batch = search === "batch=1";
  let path: string;
  try {
    path = decodeURIComponent(url.slice(HTTP_PATH.length + 1, query === -1 ? undefined : query));
  } catch {
    return undefined;
  }
  const paths = batch ? path.split(",") : [path];
  return paths.every((one) => MUTATIONS.has(one)) ? { paths, batch } : undefined;
}

/** The body, or undefined when the client went away first. */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.once("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    request.once("error", () => resolve(undefined));
  });
}

/** Each call's input, through the transformer: a batch's body is an object keyed by index. */
function decodeInputs(body: Buffer, call: LeanCall): unknown[] {
  const inputs: unknown = JSON.parse(body.toString("utf8"));
  if (!call.batch) return [transformer.input.deserialize(inputs as never)];
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) {
    throw new TRPCError({ code: "BAD_REQUEST", message: '"input" needs to be an object when doing a batch call' });
  }
  return call.paths.map((_, index) => {
    const input = (inputs as Record<number, unknown>)[index];
    return input === undefined ? undefined : transformer.input.deserialize(input as never);
  });
}

export const isTrpcHttpPath = (url: string | undefined) =>
  Boolean(url && (url === HTTP_PATH || url.startsWith(`${HTTP_PATH}/`) || url.startsWith(`${HTTP_PATH}?`)));
