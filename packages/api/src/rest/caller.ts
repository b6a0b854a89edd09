import type { createCaller } from "../root";

/** A server-side caller of the tRPC router, acting as one signed-in user. */
export type Caller = ReturnType<typeof createCaller>;

/** What a REST handler returns; the route wraps it in the contract's envelope. */
export interface RestResult {
  status?: number;
  data?: unknown;
  message: string;
  meta?: Record<string, unknown>;
}
