import { WebSocket } from "ws";

import type { ArrivalSink } from "./tracker";

/** One side of a conversation as the load generator drives it, whatever the system under test. */
export interface Endpoint {
  /** Sends a message carrying `clientMessageId`; failures go to the sink, never thrown. */
  send: (clientMessageId: string) => void;
  /** Sends not yet answered by the server (always 0 where the protocol has no answer). */
  inFlight: () => number;
  close: () => Promise<void>;
}

export interface PairEndpoints {
  candidate: Endpoint;
  agent: Endpoint;
}

/** A pair's users and their conversation, as created in the run's database. */
export interface PairRecord {
  conversationId: string;
  candidateId: string;
  agentId: string;
}

export interface ConnectedSystem {
  pairs: PairEndpoints[];
  close: () => Promise<void>;
}

/**
 * Connects one user's socket; resolves once it is subscribed and would hear the other side. Must
 * give up (closing what it opened) after `timeoutMs`.
 */
export type ConnectUser = (
  userId: string,
  conversationId: string,
  sink: ArrivalSink,
  timeoutMs: number,
) => Promise<Endpoint>;

/** Connects every pair's two users, a batch at a time so that a burst of handshakes cannot pile up. */
export async function connectPairs(
  records: readonly PairRecord[],
  connectUser: ConnectUser,
  sink: ArrivalSink,
  timeoutMs = 30_000,
): Promise<ConnectedSystem> {
  const endpoints: Endpoint[] = [];
  const closeAll = async () => {
    await Promise.allSettled(endpoints.map((endpoint) => endpoint.close()));
  };
  const connect = async (userId: string, conversationId: string) => {
    const endpoint = await connectUser(userId, conversationId, sink, timeoutMs);
    endpoints.push(endpoint);
    return endpoint;
  };
  const pairs: PairEndpoints[] = [];
  const batch = 25;
  try {
    for (let i = 0; i < records.length; i += batch) {
      const chunk = records.slice(i, i + batch);
      const results = await Promise.allSettled(
        chunk.flatMap((record) => [
          connect(record.candidateId, record.conversationId),
          connect(record.agentId, record.conversationId),
        ]),
      );
      const failure = results.find((result) => result.status === "rejected");
      if (failure) throw failure.reason;
      for (let j = 0; j < results.length; j += 2) {
        const candidate = results[j];
        const agent = results[j + 1];
        if (candidate?.status !== "fulfilled" || agent?.status !== "fulfilled") throw new Error("unreachable");
        pairs.push({ candidate: candidate.value, agent: agent.value });
      }
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  return { pairs, close: closeAll };
}

/** Resolves with `promise`, or rejects after `ms` (calling `onTimeout` to clean up). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`${what}: timed out after ${ms} ms`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Closes a `ws` socket, waiting for its close (terminated if it takes over 5 s). */
export async function closeSocket(socket: WebSocket) {
  if (socket.readyState === WebSocket.CLOSED) return;
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.close();
  await withTimeout(closed, 5000, "closing a socket", () => socket.terminate()).catch(() => undefined);
}
