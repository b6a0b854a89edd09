import { TRPCError, callTRPCProcedure, getTRPCErrorFromUnknown } from "@trpc/server";
import type { TRPCResponseMessage } from "@trpc/server/rpc";
import { parseTRPCMessage } from "@trpc/server/rpc";
import { WebSocket } from "ws";

import { LiveFeed } from "../realtime/live-feed";
import { appRouter } from "../root";
import type { InnerContext } from "../trpc";
import { errorShape, transformer } from "../trpc";

/** A subscription request is small; anything larger is left to tRPC's handler to refuse. */
const MAX_REQUEST_BYTES = 4096;

type RequestId = number | string;

/**
 * A WebSocket that serves every subscription itself: each is a LiveFeed (see realtime/live-feed.ts).
 * tRPC's handler gives every subscription an async generator, an abort controller, promise races and
 * closures for as long as it lives; an idle chat keeps its subscriptions open all day, so that is
 * most of what an idle socket costs. This socket runs the same procedure (input validation,
 * authorization, every middleware) through `callTRPCProcedure`, keeps only the feed it returns, and
 * writes its events in tRPC's wire format, so clients cannot tell the difference. Queries and
 * mutations go to tRPC's handler untouched.
 */
export function feedSocketClass(onError: (error: TRPCError, path: string) => void) {
  return class FeedSocket extends WebSocket {
    /** The connection's context, from the moment authentication starts (see attachRealtime). */
    context: Promise<InnerContext> | undefined;
    #feeds: Map<RequestId, LiveFeed<object>> | undefined;
    #onClosed: (() => void) | undefined;

    /** Runs `cleanup` when the socket closes (at once if it has): cheaper than a `once` listener. */
    whenClosed(cleanup: () => void): void {
      if (this.readyState === WebSocket.CLOSED) return cleanup();
      const previous = this.#onClosed;
      this.#onClosed = previous ? () => (previous(), cleanup()) : cleanup;
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === "message" && this.context && this.#takeOver(args[0], args[1])) return true;
      if (event === "close") this.#closed();
      return super.emit(event, ...args);
    }

    /** Whether the frame is a feed's subscribe or stop request, now handled here. */
    #takeOver(data: unknown, isBinary: unknown): boolean {
      if (isBinary || !Buffer.isBuffer(data) || data.length > MAX_REQUEST_BYTES) return false;
      // A cheap look first: nearly every frame is a call for tRPC's handler.
      const stop = data.includes('"subscription.stop"');
      if (!stop && !data.includes('"subscription"')) return false;
      let message: unknown;
      try {
        message = JSON.parse(data.toString("utf8"));
      } catch {
        return false;
      }
      if (!isRecord(message) || (typeof message.id !== "number" && typeof message.id !== "string")) return false;
      if (stop) {
        const feed = this.#feeds?.get(message.id);
        if (!feed || message.method !== "subscription.stop") return false;
        this.#feeds?.delete(message.id);
        feed.stop();
        this.#send({ id: message.id, jsonrpc: jsonrpcOf(message), result: { type: "stopped" } });
        return true;
      }
      if (message.method !== "subscription" || !isRecord(message.params)) return false;
      if (typeof message.params.path !== "string") return false;
      void this.#subscribe(message);
      return true;
    }

    async #subscribe(raw: Record<string, unknown>) {
      const id = raw.id as RequestId;
      const jsonrpc = jsonrpcOf(raw);
      const path = (raw.params as { path: string }).path;
      // Authentication failed: tRPC's handler has answered and closes the socket.
      const ctx = await this.context?.catch(() => undefined);
      if (!ctx) return;
      let input: unknown;
      try {
        const message = parseTRPCMessage(raw, transformer);
        if (message.method !== "subscription") throw new Error("unreachable");
        const { lastEventId } = message.params;
        input = message.params.input;
        // As tRPC's handler does: the client's resume point goes into the input.
        if (lastEventId !== undefined) input = isRecord(input) ? { ...input, lastEventId } : (input ?? { lastEventId });
        const returned: unknown = await callTRPCProcedure({
          router: appRouter,
          path,
          getRawInput: () => Promise.resolve(input),
          ctx,
          type: "subscription",
          signal: undefined,
          batchIndex: 0,
        });
        if (!(returned instanceof LiveFeed)) throw new Error(`${path} did not return a live feed`);
        const feed = returned as LiveFeed<object>;
        if (this.readyState !== WebSocket.OPEN || this.#feeds?.has(id)) {
          feed.stop();
          if (this.readyState === WebSocket.OPEN)
            this.#refuse(id, jsonrpc, path, new TRPCError({ code: "BAD_REQUEST", message: `Duplicate id ${id}` }));
          return;
        }
        (this.#feeds ??= new Map()).set(id, feed);
        this.#send({ id, jsonrpc, result: { type: "started" } });
        feed.start(
          (eventId, event) => this.send(dataFrame(id, jsonrpc, eventId, event)),
          (error) => {
            this.#feeds?.delete(id);
            if (error) this.#refuse(id, jsonrpc, path, error);
            else this.#send({ id, jsonrpc, result: { type: "stopped" } });
          },
        );
      } catch (cause) {
        this.#refuse(id, jsonrpc, path, cause);
      }
    }

    #refuse(id: RequestId, jsonrpc: "2.0" | undefined, path: string, cause: unknown) {
      const error = getTRPCErrorFromUnknown(cause);
      onError(error, path);
      this.#send({ id, jsonrpc, error: errorShape(error, path) });
    }

    #send(response: TRPCResponseMessage) {
      if (this.readyState !== WebSocket.OPEN) return;
      // As tRPC's handler writes it: data and errors through the transformer.
      const wire = "error" in response ? { ...response, error: transformer.output.serialize(response.error) } : response;
      this.send(JSON.stringify(wire));
    }

    #closed() {
      const onClosed = this.#onClosed;
      this.#onClosed = undefined;
      onClosed?.();
      if (!this.#feeds) return;
      for (const feed of this.#feeds.values()) feed.stop();
      this.#feeds = undefined;
    }
  };
}

export type FeedSocket = InstanceType<ReturnType<typeof feedSocketClass>>;

/**
 * An event's payload as tRPC's handler would write it (`tracked(id, event)` through the
 * transformer), built once however many sockets it goes to: the bus hands every subscriber of a
 * conversation the same event object.
 */
const payloads = new WeakMap<object, { id: string; json: string }>();

function dataFrame(requestId: RequestId, jsonrpc: "2.0" | undefined, eventId: string, event: object) {
  let payload = payloads.get(event);
  if (payload?.id !== eventId) {
    payload = {
      id: eventId,
      json: JSON.stringify(transformer.output.serialize({ id: eventId, data: event })),
    };
    payloads.set(event, payload);
  }
  const head = jsonrpc ? `{"id":${JSON.stringify(requestId)},"jsonrpc":"2.0",` : `{"id":${JSON.stringify(requestId)},`;
  return `${head}"result":{"type":"data","id":${JSON.stringify(eventId)},"data":${payload.json}}}`;
}

function jsonrpcOf(message: Record<string, unknown>): "2.0" | undefined {
  return message.jsonrpc === "2.0" ? "2.0" : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
