import type { Database } from "@atiende/db";

import type { ApiConfig } from "../config";
import type { Assignment } from "./assign-waiting";
import { assignWaiting } from "./assign-waiting";

/** Runs automatic assignment when something may have made it possible. */
export interface AutoAssigner {
  /**
   * Asks for a pass over the waiting conversations. Resolves once a pass that started after this
   * call has finished (never rejects: a failed pass is reported and the next kick tries again).
   */
  kick(): Promise<void>;
}

/**
 * Kicks that arrive while a pass runs collapse into one more pass, so a burst of new conversations
 * costs a couple of passes per instance, not one each. Passes of different instances are
 * serialised by the database (see `assignWaiting`).
 */
export function createAutoAssigner(options: {
  db: Database;
  config: ApiConfig;
  onAssigned: (assignments: Assignment[]) => void;
  onError?: (error: unknown) => void;
}): AutoAssigner {
  const {
    db,
    config,
    onAssigned,
    onError = (error) => console.error("Auto-assignment failed:", error),
  } = options;
  let requested = 0;
  let completed = 0;
  let running = false;
  const waiters: { upTo: number; resolve: () => void }[] = [];

  async function run() {
    running = true;
    while (completed < requested) {
      const target = requested;
      try {
        const assignments = await assignWaiting(db, config);
        if (assignments.length > 0) onAssigned(assignments);
      } catch (error) {
        onError(error);
      }
      completed = target;
      for (const waiter of waiters.filter((w) => w.upTo <= completed)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    running = false;
  }

  return {
    kick() {
      if (!config.assignment.auto) return Promise.resolve();
      requested += 1;
      const upTo = requested;
      const done = new Promise<void>((resolve) => waiters.push({ upTo, resolve }));
      if (!running) void run();
      return done;
    },
  };
}
