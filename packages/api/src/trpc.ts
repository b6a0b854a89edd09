/**
 * The tRPC set-up, in three parts: the context every call gets, the initialisation (transformer and
 * how errors look to callers), and the procedures routers build on.
 */
import type { Database, User } from "@atiende/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";

import type { AutoAssigner } from "./assignment/assigner";
import { createAutoAssigner } from "./assignment/assigner";
import type { ApiConfig } from "./config";
import { RateLimitedError, texts } from "./domain/errors";
import { isDatabaseUnavailable, serviceUnavailable } from "./domain/outage";
import type { EventBus } from "./realtime/bus";
import type { ConversationEvent } from "./realtime/conversation-events";
import { channels, createMemoryBus } from "./realtime/bus";
import { createPresenceRegistry, type PresenceRegistry } from "./realtime/presence";
import type { Viewer } from "./domain/roles";
import { isChatRole, isStaffRole } from "./domain/roles";

// Validation messages in Spanish, like the rest of the product.
z.config(z.locales.es());

/* ------------------------------------------------------------------------------------------------
 * 1. Context
 * The inner context is what procedures use; tests, scripts and the WebSocket server build it
 * directly. Outer contexts (HTTP, upgrade requests) only work out who `user` is.
 * --------------------------------------------------------------------------------------------- */

/** Long-lived things a process builds once and shares between calls. */
export interface ApiServices {
  db: Database;
  config: ApiConfig;
  bus: EventBus;
  presence: PresenceRegistry;
  assigner: AutoAssigner;
}

export function createServices(
  db: Database,
  config: ApiConfig,
  bus: EventBus = createMemoryBus(),
): ApiServices {
  const assigner = createAutoAssigner({
    db,
    config,
    // Published after the pass committed, so the console and the candidate see it live.
    onAssigned: (assignments) => {
      for (const { conversationId } of assignments) publishChange({ bus }, conversationId);
    },
  });
  const presence = createPresenceRegistry({ db, config, bus, onAvailable: () => void assigner.kick() });
  return { db, config, bus, presence, assigner };
}

/**
 * Tells live subscribers that a conversation changed, optionally handing them the one numbered
 * event the change made. Call only after the change has committed.
 */
export function publishChange(
  services: Pick<ApiServices, "bus">,
  conversationId: string,
  numbered?: { seq: number; event: ConversationEvent },
) {
  services.bus.publish(channels.conversation(conversationId), { kind: "changed", conversationId, ...numbered });
  services.bus.publish(channels.inbox, { kind: "changed", conversationId });
}

export interface InnerContext extends ApiServices {
  user: User | null;
}

export function createInnerContext(services: ApiServices, user: User | null): InnerContext {
  return { ...services, user };
}

/* ------------------------------------------------------------------------------------------------
 * 2. Initialisation
 * --------------------------------------------------------------------------------------------- */

const t = initTRPC.context<InnerContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
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
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/* ------------------------------------------------------------------------------------------------
 * 3. Procedures
 * --------------------------------------------------------------------------------------------- */

/**
 * Every procedure: a database that cannot be reached answers SERVICE_UNAVAILABLE (503 over HTTP)
 * with a clear message, not an internal error, so callers know to retry.
 */
const mapOutages = t.middleware(async function mapOutages({ next }) {
  const result = await next();
  if (!result.ok && isDatabaseUnavailable(result.error.cause)) throw serviceUnavailable(result.error.cause);
  return result;
});

/** Whether a string anywhere in an input (keys included) holds U+0000. */
function containsNul(value: unknown, depth = 0, seen = new Set<object>()): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  // Deeper than any schema goes: such an input fails validation anyway. `seen` guards against the
  // cycles superjson can build from its referential-equality metadata.
  if (typeof value !== "object" || value === null || depth > 20 || seen.has(value)) return false;
  seen.add(value);
  const items = value instanceof Map || value instanceof Set ? [...value].flat() : Object.entries(value).flat();
  return items.some((item) => containsNul(item, depth + 1, seen));
}

/**
 * PostgreSQL text cannot hold U+0000: a NUL anywhere in an input is refused as a clear 400 before
 * any handler runs, instead of failing deep in a query as a 500.
 */
const refuseNulCharacters = t.middleware(async function refuseNulCharacters({ getRawInput, next }) {
  if (containsNul(await getRawInput())) throw new TRPCError({ code: "BAD_REQUEST", message: texts.nulCharacter });
  return next();
});

export const publicProcedure = t.procedure.use(mapOutages).use(refuseNulCharacters);

/** Signed in, with one of the chat's four roles; `ctx.viewer` is then never null. */
export const protectedProcedure = publicProcedure.use(function isAuthed({ ctx, next }) {
  const { user } = ctx;
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: texts.unauthorized });
  if (!isChatRole(user.role)) throw new TRPCError({ code: "FORBIDDEN", message: texts.forbiddenRole });
  const viewer: Viewer = { id: user.id, email: user.email, name: user.name, role: user.role };
  return next({ ctx: { ...ctx, viewer } });
});

/** Support staff only: `soporte`, `admin` or `developer`. */
export const staffProcedure = protectedProcedure.use(function isStaff({ ctx, next }) {
  if (!isStaffRole(ctx.viewer.role)) {
    throw new TRPCError({ code: "FORBIDDEN", message: texts.staffOnly });
  }
  return next({ ctx });
});

export type ProtectedContext = InnerContext & { viewer: Viewer };
