import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";

import type { Database } from "@atiende/db";
import { selectRows, sql } from "@atiende/db";

/** Where and when a run was measured, as every benchmark's report states it. */
export interface Machine {
  /** When the run ended, to the second. */
  date: string;
  cores: number;
  node: string;
  postgres: string;
}

/** The cores this process may use (`nproc` heeds affinity and quotas), else Node's count. */
export function cores(): number {
  try {
    return Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {
    return availableParallelism();
  }
}

export async function serverVersion(db: Database): Promise<string> {
  const [row] = await selectRows<{ server_version: string }>(db, sql`show server_version`);
  return row?.server_version ?? "unknown";
}

/** The report's line about the machine (a Markdown list item without its dash). */
export function machineLine(machine: Machine): string {
  return `Machine: ${machine.cores} cores (\`nproc\`), Node ${machine.node}, PostgreSQL ${machine.postgres} on 127.0.0.1`;
}

/** This machine, now, measured against PostgreSQL `postgres` (see serverVersion). */
export function machine(postgres: string): Machine {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cores: cores(),
    node: process.version,
    postgres,
  };
}
