import type { ApiConfig, AppRouter } from "@atiende/api";
import { issueToken } from "@atiende/api";
import type { TRPCClient } from "@trpc/client";

import { withTimeout } from "../live/endpoints";
import { oursClient } from "../live/ours-client";
import type { Ledger } from "./ledger";

export interface SoakTarget {
  port: number;
  config: ApiConfig;
  ledger: Ledger;
}

interface Connection {
  close: () => Promise<void>;
  client: TRPCClient<AppRouter>;
}

const CONNECT_TIMEOUT_MS = 30_000;

/**
 * One person of the soak, on the benchmark's client (oursClient, as @atiende/client makes one):
 * mutations and subscriptions over a WebSocket, queries over HTTP. Unlike the benchmark's users it
 * comes and goes: each reconnection is a new socket that resumes the conversation from the last
 * event id it saw.
 */
export class SoakUser {
  private connection: Connection | undefined;
  /** The last conversation event id seen; "0" replays the whole conversation on the first connect. */
  private lastEventId = "0";
  private inboxEventId: string | undefined;
  private inFlight = 0;
  private sentCount = 0;
  connects = 0;

  constructor(
    readonly id: string,
    readonly role: "candidate" | "agent",
    readonly conversationId: string,
    readonly peerId: string,
    private readonly target: SoakTarget,
  ) {}

  get connected() {
    return this.connection !== undefined;
  }

  async connect() {
    const { port, config, ledger } = this.target;
    const { token } = await issueToken(this.id, config);
    const { ws, client } = oursClient(port, token);
    let started: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const conversation = client.live.conversation.subscribe(
      { conversationId: this.conversationId, lastEventId: this.lastEventId },
      {
        onStarted: () => started(),
        onData: ({ id, data }) => {
          this.lastEventId = id;
          if (data.type !== "message.created" || data.message.senderUserId === this.id) return;
          if (data.message.clientMessageId) ledger.arrived(this.id, data.message.clientMessageId);
        },
        onError: (error) => ledger.error(`conversation subscription of ${this.id}`, error),
      },
    );
    // The console's inbox (with presence) for agents; candidates' widgets only follow their chat.
    const inbox =
      this.role === "agent"
        ? client.live.inbox.subscribe(
            { lastEventId: this.inboxEventId },
            {
              onData: ({ id }) => (this.inboxEventId = id),
              onError: (error) => ledger.error(`inbox subscription of ${this.id}`, error),
            },
          )
        : undefined;
    const close = async () => {
      conversation.unsubscribe();
      inbox?.unsubscribe();
      await ws.close();
    };
    await withTimeout(ready, CONNECT_TIMEOUT_MS, `subscribing ${this.id}`, () => void close());
    this.connection = { client, close };
    this.connects += 1;
  }

  /** Leaves once its sends are answered, so that none is cut off with an unknown outcome. */
  async disconnect() {
    const connection = this.connection;
    if (!connection) return;
    this.connection = undefined;
    const deadline = Date.now() + 30_000;
    while (this.inFlight > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await connection.close();
  }

  send() {
    const client = this.connection?.client;
    if (!client) return;
    const { ledger } = this.target;
    this.sentCount += 1;
    const clientMessageId = `${this.id}-${this.sentCount}`;
    ledger.expect(this.peerId, clientMessageId);
    this.inFlight += 1;
    client.message.send
      .mutate({
        conversationId: this.conversationId,
        content: `soak ${this.sentCount}`,
        clientMessageId,
      })
      .catch((error: unknown) => ledger.failed(this.peerId, clientMessageId, error))
      .finally(() => (this.inFlight -= 1));
  }

  typing() {
    const client = this.connection?.client;
    if (!client) return;
    this.inFlight += 1;
    client.live.typing
      .mutate({ conversationId: this.conversationId, isTyping: Math.random() < 0.7 })
      .catch((error: unknown) => this.target.ledger.error(`typing of ${this.id}`, error))
      .finally(() => (this.inFlight -= 1));
  }

  /** What a page load reads: the list of conversations and the latest messages of this one. */
  async list() {
    const client = this.connection?.client;
    if (!client) return;
    try {
      await Promise.all([
        client.conversation.list.query({ limit: 20 }),
        client.message.list.query({ conversationId: this.conversationId, limit: 20 }),
      ]);
    } catch (error) {
      this.target.ledger.error(`listing of ${this.id}`, error);
    }
  }
}
