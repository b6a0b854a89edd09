/**
 * Property-based: every procedure of the app router, called as each chat role over the real HTTP
 * and WebSocket server with random and hostile inputs, never answers INTERNAL_SERVER_ERROR, never
 * shows a stack trace or an internal path, and stores nothing when it refuses a call (every table
 * of the database is compared before and after). Procedures are read from the router itself: a new
 * one fails this file until it is registered in ./registry.ts.
 */
import type { User } from "@atiende/db";
import type { TRPCClientError } from "@trpc/client";
import { createTRPCUntypedClient, createWSClient, wsLink } from "@trpc/client";
import fc from "fast-check";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";

import { issueToken } from "../../src/auth/token";
import type { AppRouter } from "../../src/root";
import { appRouter } from "../../src/root";
import { useHarness } from "../harness";
import type { TableFingerprint } from ".";
import { callTrpc, changedTables, fingerprintTables, leaks, trpcError } from ".";
import { useTestServer } from "../server";
import { genericInput } from "./arbitraries";
import type { HostileRole, HostileWorld } from "./registry";
import { HOSTILE_ROLES, registry } from "./registry";

// Runs per procedure (each run with a random role); HOSTILE_RUNS_SCALE=10 digs deeper locally.
const SCALE = Number(process.env.HOSTILE_RUNS_SCALE ?? 1);
const RUNS = { generic: Math.ceil(6 * SCALE), nearValid: Math.ceil(16 * SCALE) };
const SUBSCRIPTION_RUNS = { generic: Math.ceil(3 * SCALE), nearValid: Math.ceil(8 * SCALE) };
// Generous: on a shared 2-core machine a single call can wait seconds for a core.
const TIMEOUT_MS = 180_000;

// The harness opens a database per file: on a loaded machine that can take more than a minute.
vi.setConfig({ hookTimeout: 180_000 });
const h = useHarness({
  // Limits would turn most sends into 429s after a few runs and hide the deeper checks.
  SUPPORT_CHAT_RATE_LIMIT_PER_MINUTE: "1000000",
  SUPPORT_CHAT_STAFF_RATE_LIMIT_PER_MINUTE: "1000000",
});
const server = useTestServer(h);

type ProcedureType = "query" | "mutation" | "subscription";
// At run time `_def.procedures` is flat, keyed by dotted path (its declared type is the nested record).
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureType; inputs: unknown[] } }>;
const paths = Object.keys(procedures).sort();

const world = {} as HostileWorld;
const users = {} as Record<HostileRole, User>;
const tokens = {} as Record<HostileRole, string>;
const sockets = {} as Record<HostileRole, { client: ReturnType<typeof createTRPCUntypedClient<AppRouter>>; close: () => void }>;

const must = <T>(value: T | undefined): T => {
  if (value === undefined) throw new Error("missing fixture");
  return value;
};

beforeAll(async () => {
  const candidate = await h.createUser("candidato");
  const other = await h.createUser("candidato");
  const staff = {
    soporte: await h.createUser("soporte"),
    admin: await h.createUser("admin"),
    developer: await h.createUser("developer"),
  };
  Object.assign(users, { candidato: candidate, ...staff });
  const asCandidate = h.callerFor(candidate);
  const asOther = h.callerFor(other);
  const asAgent = h.callerFor(staff.soporte);

  const mine = await asCandidate.conversation.create({ subject: "Mi postulación" });
  const myMessage = await asCandidate.message.send({ conversationId: mine.id, content: "Hola" });
  const staffMessage = await asAgent.message.send({ conversationId: mine.id, content: "Hola, te ayudo" });
  const note = await asAgent.message.send({ conversationId: mine.id, content: "Nota interna", internal: true });
  const theirs = await asOther.conversation.create({ subject: "La de otra persona" });
  const theirMessage = await asOther.message.send({ conversationId: theirs.id, content: "Privado" });
  const resolved = await asCandidate.conversation.create({ subject: "Ya resuelta" });
  await asAgent.message.send({ conversationId: resolved.id, content: "Listo" });
  await asAgent.conversation.setStatus({ id: resolved.id, status: "resolved" });
  const savedReply = await asAgent.savedReply.create({ shortcut: "hola", content: "Hola, ¿en qué te ayudo?" });
  const removable = await asAgent.savedReply.create({ shortcut: "adios", content: "Hasta pronto" });
  const label = await h.callerFor(staff.admin).label.create({ name: "Pagos", color: "amber" });
  Object.assign(world, {
    candidateId: candidate.id,
    otherCandidateId: other.id,
    staffIds: { soporte: staff.soporte.id, admin: staff.admin.id, developer: staff.developer.id },
    mine: mine.id,
    theirs: theirs.id,
    resolved: resolved.id,
    myMessage: myMessage.id,
    staffMessage: staffMessage.id,
    note: note.id,
    theirMessage: theirMessage.id,
    savedReply: must(savedReply).id,
    removableReply: must(removable).id,
    label: label.id,
  } satisfies HostileWorld);

  for (const role of HOSTILE_ROLES) {
    const { token } = await issueToken(users[role].id, h.services.config);
    tokens[role] = token;
    const ws = createWSClient({
      url: server.wsUrl,
      connectionParams: { token },
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      retryDelayMs: () => 100,
    });
    sockets[role] = {
      client: createTRPCUntypedClient<AppRouter>({ links: [wsLink({ client: ws, transformer: lenientTransformer })] }),
      close: () => void ws.close(),
    };
  }
});

afterAll(() => {
  for (const socket of Object.values(sockets)) socket.close();
});

interface Outcome {
  accepted: boolean;
  code?: string;
  httpStatus?: number;
  /** What the caller received, to look for leaks in. */
  text: string;
}

/**
 * Starts a subscription and reads its first answer: an error, an event, or 100 ms of silence after
 * the server accepted it (a valid subscription with nothing to say yet).
 */
function subscribeOnce(role: HostileRole, path: string, input: unknown): Promise<Outcome> {
  const frame = frameOf(path, input);
  if (frame && Buffer.byteLength(frame) > MAX_FRAME_BYTES) return oversizedFrame(frame);
  return new Promise((resolve) => {
    let quiet: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const started: { subscription?: { unsubscribe: () => void } } = {};
    const finish = (outcome: Outcome) => {
      clearTimeout(quiet);
      clearTimeout(hung);
      // An error can come back before subscription() has even returned.
      done = true;
      started.subscription?.unsubscribe();
      resolve(outcome);
    };
    const hung = setTimeout(() => finish({ accepted: false, code: "NO_ANSWER", text: "" }), 10_000);
    const subscription = sockets[role].client.subscription(path, input, {
      onStarted: () => (quiet = setTimeout(() => finish({ accepted: true, text: "" }), 100)),
      onData: () => finish({ accepted: true, text: "" }),
      onError: (error: TRPCClientError<AppRouter>) =>
        finish({
          accepted: false,
          code: error.data?.code ?? "NO_CODE",
          httpStatus: error.data?.httpStatus,
          text: JSON.stringify({ message: error.message, shape: error.shape as unknown }),
        }),
    });
    started.subscription = subscription;
    if (done) subscription.unsubscribe();
  });
}

/** The frame tRPC's client sends for a subscription; none for what JSON cannot write (a BigInt). */
function frameOf(path: string, input: unknown): string | undefined {
  try {
    return JSON.stringify({ id: 1, method: "subscription", params: { path, input: lenientTransformer.input.serialize(input) } });
  } catch {
    return undefined;
  }
}

/** The sockets' frame limit (transport/ws.ts); SECURITY.md: a bigger frame closes its socket with 1009. */
const MAX_FRAME_BYTES = 256 * 1024;

/**
 * A request too big for one frame (several huge values together) is refused by closing the socket
 * with 1009, before anything reads it: tRPC's client would only reconnect and send it again, so the
 * frame goes over a socket of its own and the close is the answer.
 */
function oversizedFrame(frame: string): Promise<Outcome> {
  return new Promise((resolve) => {
    // As tRPC's client opens it (the server then waits for the connection's parameters).
    const socket = new WebSocket(`${server.wsUrl}?connectionParams=1`);
    socket.once("open", () => socket.send(frame));
    socket.once("close", (code) =>
      resolve(code === 1009 ? { accepted: false, code: "FRAME_TOO_LARGE", text: "" } : { accepted: false, code: "NO_ANSWER", text: `closed ${code}` }),
    );
    socket.once("error", () => undefined);
  });
}

async function call(path: string, role: HostileRole, input: unknown): Promise<Outcome> {
  const type = must(procedures[path])._def.type;
  if (type === "subscription") return subscribeOnce(role, path, input);
  const response = await callTrpc(server.origin, path, type, input, tokens[role]);
  if (response.status < 300) return { accepted: true, text: response.text };
  const error = trpcError(response.body);
  return { accepted: false, code: error?.data.code ?? `HTTP ${response.status}`, httpStatus: response.status, text: response.text };
}

const describeInput = (input: unknown) => fc.stringify(input).slice(0, 300);

/**
 * superjson refuses to encode `__proto__`, `constructor` and `prototype` keys; a hostile client
 * writes the JSON itself, so the sockets fall back to plain JSON for those.
 */
const lenientTransformer = {
  input: {
    serialize: (value: unknown): unknown => {
      try {
        return superjson.serialize(value);
      } catch {
        return { json: value };
      }
    },
    deserialize: (value: unknown): unknown => superjson.deserialize(value as never),
  },
  output: superjson,
};

/** One call: a refusal must be a clear 4xx that leaks nothing and changed nothing. */
async function check(path: string, role: HostileRole, input: unknown, state: { before: TableFingerprint }) {
  const outcome = await call(path, role, input);
  if (outcome.accepted) {
    state.before = await fingerprintTables(h.handle.db);
    return;
  }
  const context = `${path} as ${role} with ${describeInput(input)} → ${outcome.code}: ${outcome.text.slice(0, 300)}`;
  expect(outcome.code, context).not.toBe("INTERNAL_SERVER_ERROR");
  expect(outcome.code, context).not.toBe("NO_ANSWER");
  if (outcome.httpStatus !== undefined) expect(outcome.httpStatus, context).toBeGreaterThanOrEqual(400);
  if (outcome.httpStatus !== undefined) expect(outcome.httpStatus, context).toBeLessThan(500);
  expect(leaks(outcome.text), context).toBeNull();
  expect(changedTables(state.before, await fingerprintTables(h.handle.db)), context).toEqual([]);
}

describe("hostile input to every procedure", () => {
  it("every procedure of the router is registered, and only input-less ones are swept with generic payloads alone", () => {
    expect(paths).toEqual(Object.keys(registry).sort());
    for (const path of paths) {
      const declaresInput = must(procedures[path])._def.inputs.length > 0;
      expect({ path, declaresInput }).toEqual({ path, declaresInput: registry[path] !== "none" });
    }
  });

  // The role is part of each generated case: generic payloads mostly fail validation whoever sends
  // them, so a few per procedure do; near-valid ones are built for the role that sends them.
  const roleArbitrary = fc.constantFrom(...HOSTILE_ROLES);
  it.each(paths)("%s: never a 500, never a leak, a refusal stores nothing, as any role", async (path) => {
    const registration = registry[path];
    if (!registration) throw new Error(`${path} is not registered in hostile/registry.ts`);
    const subscription = must(procedures[path])._def.type === "subscription";
    const runs = subscription ? SUBSCRIPTION_RUNS : RUNS;
    const state = { before: await fingerprintTables(h.handle.db) };
    const property = (arbitrary: fc.Arbitrary<[HostileRole, unknown]>, numRuns: number) =>
      fc.assert(
        fc.asyncProperty(arbitrary, ([role, input]) => check(path, role, input, state)),
        { numRuns, endOnFailure: true },
      );
    await property(fc.tuple(roleArbitrary, genericInput), runs.generic);
    if (registration !== "none") {
      const nearValid = fc.oneof(
        ...HOSTILE_ROLES.map((role) => registration(world, role).map((input): [HostileRole, unknown] => [role, input])),
      );
      await property(nearValid, runs.nearValid);
    }
  }, TIMEOUT_MS);

  it("a subscription too big for one frame (two huge values) is refused by closing its socket with 1009", async () => {
    const huge = "x".repeat(250_000);
    const input = { a: huge, b: huge };
    const outcome = await call("live.conversation", "developer", input);
    expect(outcome, outcome.text).toMatchObject({ accepted: false, code: "FRAME_TOO_LARGE" });
    await check("live.conversation", "candidato", input, { before: await fingerprintTables(h.handle.db) });
  });
});
