import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc's CPU times (USER_HZ): 100 on Linux's every common build. */
const TICKS_PER_SECOND = 100;

/**
 * Memory and CPU of any process on this machine, read from /proc as `ps` does: the same reading
 * for every system under test, whatever runs inside it, and no forced garbage collection.
 */
export function readProcess(pid: number): { rss: number; cpuMicros: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
  // Fields after the command's name (which may hold spaces, so split after its closing paren).
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are the 14th and 15th fields of the whole line: 12th and 13th from here.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rss: rssKb * 1024, cpuMicros: (ticks / TICKS_PER_SECOND) * 1_000_000 };
}

/**
 * CPU time of the given processes so far, by process id (those gone already are left out): for
 * PostgreSQL's backends, whose work a server's own CPU figure does not show.
 */
export function readProcesses(pids: readonly number[]): Map<number, number> {
  const times = new Map<number, number>();
  for (const pid of pids) {
    try {
      times.set(pid, readProcess(pid).cpuMicros);
    } catch {
      // The backend ended between the listing and the reading.
    }
  }
  return times;
}

/** CPU spent between two readings of readProcesses; a process that started in between counts whole. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let micros = 0;
  for (const [pid, now] of after) micros += now - (before.get(pid) ?? 0);
  return micros;
}
