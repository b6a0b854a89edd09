import type { AppRouter } from "@atiende/api";
import { CONNECTION_ID_PARAM } from "@atiende/api/contract";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import superjson from "superjson";
import { WebSocket } from "ws";

import { withTimeout } from "./endpoints";
import type { ArrivalSink } from "./tracker";

/**
 * A client of Atiende as @atiende/client makes one: a typed tRPC client whose mutations and
 * subscriptions go over its WebSocket (token in connectionParams, so it is checked once per
 * connection) and whose queries go over HTTP with a bearer token. The soak's users use it too.
 * `connectionId` names the socket as a browser tab does (apps/web/src/trpc/connection.ts).
 */
export function oursClient(port: number, token: string, connectionId?: string) {
  const ws = createWSClient({
    url: `ws://127.0.0.1:${port}/api/trpc-ws`,
    connectionParams: { token, ...(connectionId ? { [CONNECTION_ID_PARAM]: connectionId } : {}) },
    // Node 20 has no global WebSocket.
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 500,
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type !== "query",
        true: wsLink({ client: ws, transformer: superjson }),
        false: httpBatchLink({
          url: `http://127.0.0.1:${port}/api/trpc`,
          transformer: superjson,
          headers: { authorization: `Bearer ${token}` },
        }),
      }),
    ],
  });
  return { ws, client };
}

/**
 * An oursClient subscribed to its conversation, reporting the other side's messages to `sink`;
 * resolves once the subscription is live.
 */
export async function subscribedOursClient(
  port: number,
  token: string,
  userId: string,
  conversationId: string,
  sink: ArrivalSink,
  timeoutMs: number,
  connectionId?: string,
) {
  const { ws, client } = oursClient(port, token, connectionId);
  let subscribed: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (subscribed = resolve));
  // From event 0, so that the conversation's first stored event proves the subscription is live
  // (the server subscribes to the bus before it reads).
  const subscription = client.live.conversation.subscribe(
    { conversationId, lastEventId: "0" },
    {
      onData: ({ data }) => {
        subscribed();
        if (data.type !== "message.created" || data.message.senderUserId === userId) return;
        if (data.message.clientMessageId) sink.arrived(data.message.clientMessageId);
      },
      onError: (error) => sink.failed(`subscription of ${userId}`, error),
    },
  );
  const close = async () => {
    subscription.unsubscribe();
    await ws.close();
  };
  await withTimeout(ready, timeoutMs, `subscribing ${userId}`, () => void close());
  return { client, close };
}
