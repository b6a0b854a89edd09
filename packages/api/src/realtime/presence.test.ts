import { afterAll, describe, expect, it } from "vitest";

import { useHarness } from "../../test/harness";
import { connectClient, useTestServer } from "../../test/server";
import { eventually, sleep } from "../../test/wait";
import type { ConversationEvent } from "./conversation-events";
import type { InboxEvent } from "./inbox-events";

const GRACE_MS = 800;
const h = useHarness({
  SUPPORT_CHAT_AUTO_ASSIGN: "true",
  SUPPORT_CHAT_PRESENCE_GRACE_SECONDS: String(GRACE_MS / 1000),
});
// Registered before the server so that it runs after the server has closed (afterAll hooks run in
// reverse order): a closed console's last presence write, and its check after the grace period,
// run after its socket closes; let them land before the harness closes the database.
afterAll(() => sleep(GRACE_MS + 300));
const server = useTestServer(h);

type Client = Awaited<ReturnType<typeof connectClient>>;

/** An agent's console: connected while its inbox subscription is open. */
async function openConsole(user: Parameters<typeof connectClient>[2]) {
  const client = await connectClient(server, h.services, user);
  const events: InboxEvent[] = [];
  const subscription = client.client.live.inbox.subscribe(undefined, {
    onData: ({ data }) => events.push(data),
  });
  return {
    client,
    events,
    close: async () => {
      subscription.unsubscribe();
      await client.close();
    },
  };
}

const statusOf = async (userId: string) =>
  (await h.services.presence.list()).find((agent) => agent.userId === userId)?.status ?? "offline";

describe("presence over real connections", () => {
  it("an agent whose console connects is online and gets new conversations, live to the candidate", async () => {
    const agent = await h.actor("soporte");
    const agentConsole = await openConsole(agent.user);
    await eventually(async () => expect(await statusOf(agent.user.id)).toBe("online"));

    const candidate = await h.actor("candidato");
    const first = await candidate.caller.conversation.create({});
    const candidateClient: Client = await connectClient(server, h.services, candidate.user);
    const seen: ConversationEvent[] = [];
    const sub = candidateClient.client.live.conversation.subscribe(
      { conversationId: first.id, lastEventId: "0" },
      { onData: ({ data }) => seen.push(data) },
    );
    await eventually(() =>
      expect(seen).toContainEqual(
        expect.objectContaining({
          type: "conversation.updated",
          changes: { assignedSupportUserId: { from: null, to: agent.user.id } },
        }),
      ),
    );
    // The candidate learns who attends them: the name, from their own view of the conversation.
    expect((await candidate.caller.conversation.get({ id: first.id })).assignee?.name).toBe(
      agent.user.name,
    );
    // The console sees the assignment in its inbox feed.
    await eventually(() =>
      expect(agentConsole.events).toContainEqual(
        expect.objectContaining({ type: "conversation.changed", action: "conversation.assigned" }),
      ),
    );
    sub.unsubscribe();
    await candidateClient.close();
    await agentConsole.close();
  });

  it("a dropped console that comes back within the grace period stays online", async () => {
    const agent = await h.actor("soporte");
    const watcher = await h.actor("admin");
    const watching = await openConsole(watcher.user);
    await watcher.caller.live.setPresence({ status: "away" });
    const first = await openConsole(agent.user);
    await eventually(async () => expect(await statusOf(agent.user.id)).toBe("online"));

    await first.close();
    await sleep(GRACE_MS / 3);
    const again = await openConsole(agent.user);
    await sleep(GRACE_MS * 2);
    expect(await statusOf(agent.user.id)).toBe("online");
    const offline = watching.events.filter(
      (e) => e.type === "presence" && e.userId === agent.user.id && e.status === "offline",
    );
    expect(offline).toEqual([]);

    // Gone for longer than the grace period: offline, announced, and given nothing new.
    await again.close();
    await sleep(GRACE_MS / 2);
    expect(await statusOf(agent.user.id)).toBe("online");
    await eventually(
      async () => expect(await statusOf(agent.user.id)).toBe("offline"),
      GRACE_MS * 4,
    );
    await eventually(() =>
      expect(watching.events).toContainEqual({
        type: "presence",
        userId: agent.user.id,
        name: agent.user.name,
        status: "offline",
      }),
    );
    const candidate = await h.actor("candidato");
    expect((await candidate.caller.conversation.create({})).assignee).toBeNull();
    await watching.close();
  });

  it("an agent who sets themself away keeps away across a reload, and is back online on request", async () => {
    const agent = await h.actor("soporte");
    const first = await openConsole(agent.user);
    await eventually(async () => expect(await statusOf(agent.user.id)).toBe("online"));
    await agent.caller.live.setPresence({ status: "away" });
    await first.close();
    const reloaded = await openConsole(agent.user);
    await sleep(200);
    expect(await statusOf(agent.user.id)).toBe("away");
    await agent.caller.live.setPresence({ status: "online" });
    expect(await statusOf(agent.user.id)).toBe("online");
    await reloaded.close();
  });
});
