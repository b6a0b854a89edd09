import type { Machine } from "../live/machine";
import { machineLine } from "../live/machine";
import { recordInSection } from "../live/results-file";

/** One reading of the server after a forced gc. */
export interface SoakSample {
  /** Seconds since the load started. */
  at: number;
  rss: number;
  heapUsed: number;
  /** Active handles and requests (process.getActiveResourcesInfo()). */
  handles: number;
}

export interface Trend {
  metric: string;
  middle: number;
  last: number;
  /** The most the last third's average may reach. */
  allowed: number;
  flat: boolean;
}

const MB = 1024 * 1024;
const average = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * The first third of the samples is warm-up (JIT, pools, caches filling); the last third's average
 * must stay within a margin of the middle third's. A leak grows without bound, so it shows as the
 * last third above the middle one; noise (gc timing, sockets mid-reconnect) stays within the margin.
 */
export function trends(samples: readonly SoakSample[]): Trend[] {
  const third = Math.floor(samples.length / 3);
  const middle = samples.slice(third, 2 * third);
  const last = samples.slice(2 * third);
  const check = (
    metric: string,
    pick: (sample: SoakSample) => number,
    ratio: number,
    slack: number,
  ): Trend => {
    const m = average(middle.map(pick));
    const l = average(last.map(pick));
    const allowed = m * ratio + slack;
    return { metric, middle: m, last: l, allowed, flat: l <= allowed };
  };
  return [
    check("RSS (MB)", (s) => s.rss / MB, 1.1, 16),
    check("JS heap used (MB)", (s) => s.heapUsed / MB, 1.1, 4),
    check("Active handles", (s) => s.handles, 1.1, 10),
  ];
}

export interface SoakRun extends Machine {
  minutes: number;
  pairs: number;
  paceMs: number;
  sampleSeconds: number;
  loadAverage: [number, number];
  counts: { sent: number; typing: number; lists: number; reconnects: number };
  lost: number;
  duplicates: number;
  strangers: number;
  errors: number;
  firstError?: string;
  samples: readonly SoakSample[];
  trends: readonly Trend[];
  passed: boolean;
}

const num = (value: number, digits = 1) => value.toFixed(digits);

export function renderSoak(run: SoakRun): string {
  const rows = run.trends.map(
    (t) =>
      `| ${t.metric} | ${num(t.middle)} | ${num(t.last)} | ≤ ${num(t.allowed)} | ${t.flat ? "yes" : "**no**"} |`,
  );
  const series = run.samples
    .filter(
      (_, i) =>
        i % Math.max(1, Math.ceil(run.samples.length / 12)) === 0 || i === run.samples.length - 1,
    )
    .map(
      (s) => `${Math.round(s.at)} s: ${num(s.rss / MB)} / ${num(s.heapUsed / MB)} / ${s.handles}`,
    );
  return [
    `### ${run.date} — ${num(run.minutes, 0)} minutes, ${run.pairs} pairs — ${run.passed ? "passed" : "**failed**"}`,
    "",
    `- ${machineLine(run)}. ` +
      `Shared with other engineers' builds and tests during the run: load average (1 min) ` +
      `${num(run.loadAverage[0])} at the start, ${num(run.loadAverage[1])} at the end.`,
    `- Load: ${run.pairs * 2} users (each pair a candidate and an agent in one conversation), each acting every ` +
      `~${run.paceMs} ms: ${run.counts.sent} messages sent, ${run.counts.typing} typing signals, ` +
      `${run.counts.lists} page loads (conversation.list + message.list), ${run.counts.reconnects} disconnects ` +
      `followed by a reconnect with lastEventId; agents also follow live.inbox.`,
    `- Delivery: ${run.lost} lost, ${run.duplicates} duplicated, ${run.strangers} unexpected, ${run.errors} errors` +
      `${run.firstError ? ` (first: ${run.firstError.slice(0, 200)})` : ""}.`,
    "",
    "| Server, after a forced gc | Middle third (avg) | Last third (avg) | Allowed | Flat |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `- Samples every ${run.sampleSeconds} s (RSS MB / heap MB / handles): ${series.join("; ")}.`,
    "",
  ].join("\n");
}

const SECTION = "## Soak";
const MARKER = "<!-- soak runs: newest first -->";
const INTRO = `${SECTION}

Written by \`pnpm test:soak\` (bench/soak/run.ts; SOAK_MINUTES, default 15): candidates and agents
over WebSocket against the app's tRPC server in its own process (bench/live/ours-server.ts) on
PostgreSQL, sending, typing, loading pages and dropping and resuming their connections. It fails
when the server's memory or handle count keeps growing (last third of the run against the middle
third; the first third is warm-up) or when any message is lost or delivered twice. Newest run first.

${MARKER}
`;

/** Puts the run at the top of the "## Soak" section (added at the end of the file the first time). */
export function recordSoak(file: string, section: string) {
  recordInSection(file, { marker: MARKER, intro: INTRO }, section);
}
