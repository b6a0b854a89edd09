/**
 * The tRPC set-up, in three parts: the context every call gets, the initialisation (transformer and
 * how errors look to callers), and the procedures routers build on.
 */
import type { Database, User } from "@atiende/db";
import type { TRPCDefaultErrorShape as DefaultErrorShape } from "@trpc/server";
import { initTRPC, TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { z, ZodError } from "zod";

import type { AutoAssigner } from "./assignment/assigner";
import type { RevocationRegistry } from "./auth/revocation";
import type { ApiConfig } from "./config";
import { RateLimitedError, texts } from "./domain/errors";
import { isDatabaseUnavailable, serviceUnavailable } from "./domain/outage";
import type { EventBus } from "./realtime/bus";
import type { PresenceRegistry } from "./realtime/presence";
import { LiveFeed } from "./realtime/live-feed";
import type { Sequencer } from "./realtime/sequencer";
import type { Viewer } from "./domain/roles";
import { isChatRole, isStaffRole } from "./domain/roles";
import type { DeliveryQueue } from "./webhooks/queue";
import { transformer } from "./transformer";

// Validation messages in Spanish, like the rest of the product.
z.config(z.locales.es());

/* ------------------------------------------------------------------------------------------------
 * 1. Context
 * The inner context is what procedures use; tests, scripts and the WebSocket server build it
 * directly. Outer contexts (HTTP, upgrade requests) only work out who `user` is.
 * --------------------------------------------------------------------------------------------- */

/** Long-lived things a process builds once and shares between calls (see server/services.ts). */
export interface ApiServices {
  db: Database;
  config: ApiConfig;
  bus: EventBus;
  presence: PresenceRegistry;
  assigner: AutoAssigner;
  /** Credentials revoked lately, heard on the bus; live connections check it per event. */
  revocations: RevocationRegistry;
  /** Where a redelivery is handed over (see webhooks/service.ts). */
  webhookQueue: DeliveryQueue;
  /** Numbers the audit log's rows in commit order for the inbox feed and the relay. */
  sequencer: Sequencer;
}

/** What procedures read of the signed-in user: no password hash kept for a socket's whole life. */
export type ContextUser = Pick<
  User,
  "id" | "email" | "name" | "role" | "disabledAt" | "mustChangePassword" | "credentialsChangedAt"
>;

export interface InnerContext extends ApiServices {
  user: ContextUser | null;
  /**
   * When `user` was checked against the database (taken before the check started): a revocation
   * published after this moment ends whatever this context keeps open.
   */
  authenticatedAt: number;
  /**
   * `user` was not read for this call: it is as this instance last read it (auth/identity.ts's
   * `credentialUser`). Only a procedure whose write confirms it (`confirmsRememberedUser`) runs so.
   */
  userRemembered: boolean;
  /**
   * The browser tab or socket the call came from (a WebSocket's own, or the tab's that the
   * `x-atiende-connection-id` header names), when it says. A live conversation feed on that
   * connection is not sent the message its own call stored: the call's answer carries it, and the
   * frame would be written to that socket for nothing (the sender's other tabs still get it).
   */
  connectionId?: string;
}

/** A call's context; `call` says what the transport learned about it (all optional, as in tests). */
export function createInnerContext(
  services: ApiServices,
  user: ContextUser | null,
  call: { authenticatedAt?: number; userRemembered?: boolean; connectionId?: string } = {},
): InnerContext {
  const { authenticatedAt = Date.now(), userRemembered = false, connectionId } = call;
  const kept: ContextUser | null = user && {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabledAt: user.disabledAt,
    mustChangePassword: user.mustChangePassword,
    credentialsChangedAt: user.credentialsChangedAt,
  };
  return { ...services, user: kept, authenticatedAt, userRemembered, connectionId };
}

/* ------------------------------------------------------------------------------------------------
 * 2. Initialisation
 * --------------------------------------------------------------------------------------------- */

/** How values travel, both ways (transformer.ts); the feeds the WebSocket server writes itself use it too. */
export { transformer };

/** How errors look to callers. */
export function formatError({ shape, error }: { shape: DefaultErrorShape; error: TRPCError }) {
    const cause = error.cause;
    const isInternal = error.code === "INTERNAL_SERVER_ERROR";
    // Stack traces and internal messages stay in the server's logs, never in a response.
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: isInternal ? texts.internal : shape.message,
      data: {
        ...data,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        retryAfterSeconds: cause instanceof RateLimitedError ? cause.retryAfterSeconds : null,
      },
    };
}

/** An error as tRPC's own handlers write it, for the feeds the WebSocket server writes itself. */
export function errorShape(error: TRPCError, path: string) {
  return formatError({
    error,
    shape: {
      message: error.message,
      code: TRPC_ERROR_CODES_BY_KEY[error.code],
      data: { code: error.code, httpStatus: getHTTPStatusCodeFromError(error), path },
    },
  });
}

/** What a procedure declares about itself, for the transports. */
export interface ProcedureMeta {
  /**
   * Its write confirms, in the statement that writes, that a remembered caller's row is unchanged
   * (message/store.ts), and fails with `UnconfirmedUserError` otherwise: the HTTP transport may
   * then call it with a remembered user instead of reading the user first.
   */
  confirmsRememberedUser?: boolean;
}

const t = initTRPC.context<InnerContext>().meta<ProcedureMeta>().create({ transformer, errorFormatter: formatError });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/* ------------------------------------------------------------------------------------------------
 * 3. Procedures
 * --------------------------------------------------------------------------------------------- */

/**
 * U+0000, or half of a UTF-16 surrogate pair without its other half: text PostgreSQL cannot keep
 * (text refuses the one; jsonb, as in an audit row's data, refuses both).
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is looked for.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string anywhere in an input (keys included) holds text PostgreSQL cannot keep. */
function containsUnstorable(value: unknown, depth = 0, seen?: Set<object>): boolean {
  if (typeof value === "string") return UNSTORABLE.test(value);
  // Deeper than any schema goes: such an input fails validation anyway. `seen` guards against the
  // cycles superjson can build from its referential-equality metadata.
  if (typeof value !== "object" || value === null || depth > 20) return false;
  const visited = seen ?? new Set<object>();
  if (visited.has(value)) return false;
  visited.add(value);
  const inner = (item: unknown) => containsUnstorable(item, depth + 1, visited);
  if (value instanceof Map) {
    for (const [key, item] of value) if (inner(key) || inner(item)) return true;
    return false;
  }
  if (value instanceof Set || Array.isArray(value)) {
    for (const item of value as Iterable<unknown>) if (inner(item)) return true;
    return false;
  }
  // A message's input is a handful of fields: no arrays of entries built per call.
  for (const key of Object.keys(value)) {
    if (UNSTORABLE.test(key) || inner((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/**
 * Every procedure, in one middleware (each level of tRPC's chain copies the call's options):
 * - PostgreSQL cannot keep U+0000 or a lone surrogate: either, anywhere in an input, is refused as a
 *   clear 400 before any handler runs, instead of failing deep in a query as a 500.
 * - A database that cannot be reached answers SERVICE_UNAVAILABLE (503 over HTTP) with a clear
 *   message, not an internal error, so callers know to retry.
 */
const everyCall = t.middleware(async function everyCall({ getRawInput, next }) {
  if (containsUnstorable(await getRawInput())) throw new TRPCError({ code: "BAD_REQUEST", message: texts.unstorableCharacter });
  const result = await next();
  if (!result.ok && isDatabaseUnavailable(result.error.cause)) throw serviceUnavailable(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(everyCall);

/** What someone holding a temporary password may still call: who they are, and the way out. */
const ALLOWED_WITH_TEMPORARY_PASSWORD = new Set(["auth.me", "user.changePassword"]);

/** Signed in, with one of the chat's four roles; `ctx.viewer` is then never null. */
export const protectedProcedure = publicProcedure.use(function isAuthed({ ctx, path, meta, next }) {
  const { user } = ctx;
  if (ctx.userRemembered && !meta?.confirmsRememberedUser) {
    throw new Error(`${path} cannot confirm a remembered user: the transport must read it first`);
  }
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: texts.unauthorized });
  if (user.disabledAt) throw new TRPCError({ code: "UNAUTHORIZED", message: texts.accountDisabled });
  if (user.mustChangePassword && !ALLOWED_WITH_TEMPORARY_PASSWORD.has(path)) {
    throw new TRPCError({ code: "FORBIDDEN", message: texts.passwordMustChange });
  }
  if (!isChatRole(user.role)) throw new TRPCError({ code: "FORBIDDEN", message: texts.forbiddenRole });
  const viewer: Viewer = { id: user.id, email: user.email, name: user.name, role: user.role };
  // tRPC merges this into the context itself.
  return next({ ctx: { viewer } });
});

/** Support staff only: `soporte`, `admin` or `developer`. */
export const staffProcedure = protectedProcedure.use(function isStaff({ ctx, next }) {
  if (!isStaffRole(ctx.viewer.role)) {
    throw new TRPCError({ code: "FORBIDDEN", message: texts.staffOnly });
  }
  return next();
});

/** Admins only. */
export const adminProcedure = protectedProcedure.use(function isAdmin({ ctx, next }) {
  if (ctx.viewer.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: texts.adminOnly });
  return next();
});

/**
 * A stream's revocation check: refuses a viewer revoked between the identity check and now, before
 * anything is read, and returns the check to make before every event.
 */
function revocationCheck({ revocations, viewer, authenticatedAt }: ProtectedContext): () => boolean {
  const revoked = () => revocations.isRevoked(viewer.id, authenticatedAt);
  if (revoked()) throw new TRPCError({ code: "UNAUTHORIZED", message: texts.revoked });
  return revoked;
}

/**
 * Live streams, every one a LiveFeed: the feed checks `ctx.revoked` before every event (a map
 * lookup, no query) and is ended with UNAUTHORIZED as soon as the viewer's credentials are revoked
 * (password changed, account disabled) on any instance. `ctx.signal` is the client's.
 */
export const feedProcedure = protectedProcedure.use(async function revocableFeed({ ctx, signal, next }) {
  const revoked = revocationCheck(ctx);
  const result = await next({ ctx: { signal, revoked } });
  if (result.ok && result.data instanceof LiveFeed) {
    const feed = result.data;
    feed.onFinish(ctx.revocations.onRevoked(ctx.viewer.id, ctx.authenticatedAt, () => feed.revoke()));
  }
  return result;
});

export type ProtectedContext = InnerContext & { viewer: Viewer };
