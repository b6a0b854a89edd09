import { randomUUID } from "node:crypto";

import type { AgentStatus, Database } from "@atiende/db";
import { agentPresence, eq, selectRows, sql } from "@atiende/db";

import type { ApiConfig } from "../config";
import type { EventBus } from "./bus";
import { channels } from "./bus";

export type PresenceStatus = AgentStatus | "offline";

export interface AgentPresence {
  userId: string;
  name: string;
  status: PresenceStatus;
}

interface Agent {
  userId: string;
  name: string;
}

/**
 * Which agents are online, kept in the database so every app instance (and automatic assignment)
 * agrees. An agent is online while one of their consoles is connected to any instance and they have
 * not set themselves away: the instance holding a console refreshes the agent's row, and a row not
 * refreshed within the grace period means offline, so a dropped connection (or a crashed instance)
 * counts as offline only once the grace period has passed without a reconnect.
 */
export interface PresenceRegistry {
  /** The agents online or away now. */
  list(): Promise<AgentPresence[]>;
  /** A console connected; returns the call to make when it disconnects. */
  connect(agent: Agent): Promise<() => void>;
  setStatus(agent: Agent, status: AgentStatus): Promise<void>;
}

export function createPresenceRegistry(options: {
  db: Database;
  config: ApiConfig;
  bus: EventBus;
  /** Called when an agent may have become able to take conversations. */
  onAvailable: () => void;
}): PresenceRegistry {
  const { db, bus, onAvailable } = options;
  const graceMs = options.config.assignment.presenceGraceMs;
  const graceSeconds = graceMs / 1000;
  const instanceId = randomUUID();
  const localConnections = new Map<string, number>();
  const graceTimers = new Map<string, ReturnType<typeof setTimeout>>();
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const announce = (agent: Agent, status: PresenceStatus) =>
    bus.publish(channels.inbox, { kind: "presence", ...agent, status });
  const report = (error: unknown) => console.error("Presence:", error);
  const isFresh = sql`${agentPresence.lastSeenAt} > now() - make_interval(secs => ${graceSeconds})`;

  /** Refreshes an agent's row; coming back from stale (offline) always means online again. */
  async function touch(userId: string): Promise<AgentStatus> {
    const [row] = await db
      .insert(agentPresence)
      .values({ userId, status: "online", lastSeenAt: sql`now()`, instanceId })
      .onConflictDoUpdate({
        target: agentPresence.userId,
        set: {
          status: sql`case when ${isFresh} then ${agentPresence.status} else 'online' end`,
          lastSeenAt: sql`now()`,
          instanceId,
        },
      })
      .returning({ status: agentPresence.status });
    return row?.status ?? "online";
  }

  /** Keeps an existing row fresh; never creates one (a row removed stays removed). */
  async function refresh(userId: string) {
    await db
      .update(agentPresence)
      .set({ lastSeenAt: sql`now()`, instanceId })
      .where(eq(agentPresence.userId, userId));
  }

  // One row at a time, each its own short transaction: a heartbeat never holds two rows' locks, so
  // it cannot deadlock with an assignment that updates the agents it picks.
  async function beat() {
    for (const userId of localConnections.keys()) await refresh(userId);
  }

  function startHeartbeat() {
    heartbeat ??= setInterval(() => void beat().catch(report), Math.max(graceMs / 3, 50));
    heartbeat.unref();
  }

  function stopHeartbeatIfIdle() {
    if (localConnections.size > 0 || !heartbeat) return;
    clearInterval(heartbeat);
    heartbeat = undefined;
  }

  /** After the grace period: offline unless a console came back here or another instance has one. */
  function scheduleOffline(agent: Agent) {
    clearTimeout(graceTimers.get(agent.userId));
    const timer = setTimeout(() => {
      graceTimers.delete(agent.userId);
      if (localConnections.has(agent.userId)) return;
      void db
        .select({ userId: agentPresence.userId })
        .from(agentPresence)
        .where(sql`${agentPresence.userId} = ${agent.userId} and ${isFresh}`)
        .then((rows) => {
          if (rows.length === 0 && !localConnections.has(agent.userId)) announce(agent, "offline");
        })
        .catch(report);
    }, graceMs + 50);
    timer.unref();
    graceTimers.set(agent.userId, timer);
  }

  return {
    async list() {
      return selectRows<{ userId: string; name: string; status: AgentStatus }>(
        db,
        sql`select p.user_id as "userId", u.name, p.status
          from agent_presence p join users u on u.id = p.user_id
          where p.last_seen_at > now() - make_interval(secs => ${graceSeconds})
          order by u.name`,
      );
    },

    async connect(agent) {
      const count = (localConnections.get(agent.userId) ?? 0) + 1;
      localConnections.set(agent.userId, count);
      clearTimeout(graceTimers.get(agent.userId));
      graceTimers.delete(agent.userId);
      startHeartbeat();
      const release = () => {
        const left = (localConnections.get(agent.userId) ?? 1) - 1;
        if (left > 0) {
          localConnections.set(agent.userId, left);
          return;
        }
        localConnections.delete(agent.userId);
        stopHeartbeatIfIdle();
        // The grace period counts from the disconnect, not from the last heartbeat before it.
        void refresh(agent.userId).catch(report);
        scheduleOffline(agent);
      };
      let status: AgentStatus;
      try {
        status = await touch(agent.userId);
      } catch (error) {
        // A connection we could not record must not keep the agent online through the heartbeat.
        release();
        throw error;
      }
      if (count === 1) announce(agent, status);
      if (status === "online") onAvailable();

      let disconnected = false;
      return () => {
        if (disconnected) return;
        disconnected = true;
        release();
      };
    },

    async setStatus(agent, status) {
      await db
        .insert(agentPresence)
        .values({ userId: agent.userId, status, lastSeenAt: sql`now()`, instanceId })
        .onConflictDoUpdate({
          target: agentPresence.userId,
          set: { status, lastSeenAt: sql`now()`, instanceId },
        });
      announce(agent, status);
      if (status === "online") onAvailable();
    },
  };
}
