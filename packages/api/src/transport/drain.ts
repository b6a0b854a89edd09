import type { IncomingMessage, ServerResponse } from "node:http";

import type { Logger } from "../log";

/**
 * Keeps count of the HTTP requests in progress, so a shutdown can wait for them (a send that
 * reached us is stored and answered, not cut off), and of the Server-Sent Event streams, which
 * never finish by themselves. tRPC writes a stream only as fast as the client reads (it waits for
 * `drain`), so a client that stops reading costs no memory; it would still hold its stream open
 * forever, so one stalled for `stalledStreamMs` is closed, and its client resumes later from its
 * last event id.
 */
export function trackRequests(options: { log: Logger; stalledStreamMs: number }) {
  const inFlight = new Set<ServerResponse>();
  const streams = new Map<ServerResponse, { stalledSince?: number }>();
  let draining = false;

  const watchdog = setInterval(() => {
    const now = Date.now();
    for (const [response, state] of streams) {
      if (!response.writableNeedDrain) {
        state.stalledSince = undefined;
      } else if (state.stalledSince === undefined) {
        state.stalledSince = now;
      } else if (now - state.stalledSince > options.stalledStreamMs) {
        options.log.warn(
          { bufferedBytes: response.writableLength },
          "closing an event stream its client stopped reading",
        );
        response.destroy();
      }
    }
  }, 500);
  watchdog.unref();

  return {
    get draining() {
      return draining;
    },
    track(request: IncomingMessage, response: ServerResponse) {
      inFlight.add(response);
      if (request.headers.accept?.includes("text/event-stream")) streams.set(response, {});
      // While draining, a kept-alive connection is closed after its answer instead of reused.
      if (draining) response.setHeader("connection", "close");
      response.once("close", () => {
        inFlight.delete(response);
        streams.delete(response);
      });
    },
    /**
     * Ends every event stream (their clients reconnect, to another instance or to this one once
     * restarted, and resume from their last event id) and waits, up to `graceMs`, for the other
     * requests to be answered. Resolves with how many were still running at the deadline.
     */
    async drain(graceMs: number): Promise<number> {
      draining = true;
      clearInterval(watchdog);
      for (const response of streams.keys()) response.destroy();
      const deadline = Date.now() + graceMs;
      while (inFlight.size > streams.size && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return inFlight.size - streams.size;
    },
  };
}
