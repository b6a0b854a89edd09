/**
 * Clients that behave as the real ones do under faults: each message gets a clientMessageId once
 * and is sent again, with that same id, until the server acknowledges it; a failure moves on to the
 * next server in the list (what a load balancer would do).
 */
import { randomUUID } from "node:crypto";

import type postgres from "postgres";
import { expect } from "vitest";

import { sleep } from "./wait";

export interface Attempt {
  /** HTTP status, or 0 when the request failed before an answer (refused, cut, timed out). */
  status: number;
  message?: string;
}

export function createSender(options: {
  origins: () => string[];
  token: string;
  conversationId: string;
}) {
  const acknowledged: string[] = [];
  const attempts: Attempt[] = [];
  let turn = 0;

  async function sendOnce(
    origin: string,
    content: string,
    clientMessageId: string,
  ): Promise<Attempt> {
    try {
      const response = await fetch(`${origin}/api/trpc/message.send`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.token}` },
        body: JSON.stringify({
          json: { conversationId: options.conversationId, content, clientMessageId },
        }),
        // A hang would be a failure of its own; the generous bound only keeps the test finite.
        signal: AbortSignal.timeout(20_000),
      });
      const body = (await response.json()) as { error?: { json?: { message?: string } } };
      return { status: response.status, message: body.error?.json?.message };
    } catch {
      return { status: 0 };
    }
  }

  return {
    acknowledged,
    attempts,
    /** Sends until acknowledged; resolves then. */
    async send(content: string) {
      const clientMessageId = randomUUID();
      for (;;) {
        const origins = options.origins();
        const origin = origins[turn % origins.length] ?? "";
        const attempt = await sendOnce(origin, content, clientMessageId);
        attempts.push(attempt);
        if (attempt.status === 200) {
          acknowledged.push(content);
          return;
        }
        turn += 1;
        await sleep(50);
      }
    },
  };
}

export type Sender = ReturnType<typeof createSender>;

/** Sends `count` numbered messages one after another, each until acknowledged. */
export async function sendMany(sender: Sender, prefix: string, count: number, onAck?: () => void) {
  for (let i = 0; i < count; i += 1) {
    await sender.send(`${prefix}-${String(i).padStart(4, "0")}`);
    onAck?.();
  }
}

/** Sends numbered messages one after another, each until acknowledged, until `stop()` is true. */
export async function sendUntil(
  sender: Sender,
  prefix: string,
  stop: () => boolean,
  onAck?: () => void,
) {
  for (let i = 0; !stop(); i += 1) {
    await sender.send(`${prefix}-${String(i).padStart(4, "0")}`);
    onAck?.();
  }
}

/** The conversation's stored messages, in the order the database gives them. */
export async function storedContents(sql: postgres.Sql, conversationId: string): Promise<string[]> {
  const rows = await sql<{ content: string }[]>`
    select content from support_messages where conversation_id = ${conversationId} order by created_at, id`;
  return rows.map((row) => row.content);
}

/** Every acknowledged message is stored exactly once, in the order it was sent, and nothing else. */
export async function expectExactlyOnceInOrder(
  sql: postgres.Sql,
  conversationId: string,
  sent: string[],
) {
  const stored = await storedContents(sql, conversationId);
  expect(new Set(stored).size).toBe(stored.length);
  expect(stored).toEqual(sent);
}
