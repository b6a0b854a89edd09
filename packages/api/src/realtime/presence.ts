import type { EventBus } from "./bus";
import { channels } from "./bus";

export type PresenceStatus = "online" | "away" | "offline";

export interface AgentPresence {
  userId: string;
  name: string;
  status: PresenceStatus;
}

/**
 * Which agents are online, as this instance has heard on the bus. An agent is online while one of
 * their consoles is connected (to any instance) and they have not set themselves away.
 */
export interface PresenceRegistry {
  list(): AgentPresence[];
  /** A console connected; returns the call to make when it disconnects. */
  connect(agent: { userId: string; name: string }): () => void;
  setStatus(agent: { userId: string; name: string }, status: "online" | "away"): void;
}

export function createPresenceRegistry(bus: EventBus): PresenceRegistry {
  const agents = new Map<string, AgentPresence>();
  const localConnections = new Map<string, number>();
  bus.subscribe(channels.inbox, (message) => {
    if (message.kind !== "presence") return;
    if (message.status === "offline") agents.delete(message.userId);
    else agents.set(message.userId, { userId: message.userId, name: message.name, status: message.status });
  });
  const announce = (agent: { userId: string; name: string }, status: PresenceStatus) =>
    bus.publish(channels.inbox, { kind: "presence", ...agent, status });

  return {
    list: () => [...agents.values()],
    connect(agent) {
      localConnections.set(agent.userId, (localConnections.get(agent.userId) ?? 0) + 1);
      if (!agents.has(agent.userId)) announce(agent, "online");
      return () => {
        const left = (localConnections.get(agent.userId) ?? 1) - 1;
        if (left > 0) {
          localConnections.set(agent.userId, left);
          return;
        }
        localConnections.delete(agent.userId);
        announce(agent, "offline");
      };
    },
    setStatus(agent, status) {
      announce(agent, status);
    },
  };
}
