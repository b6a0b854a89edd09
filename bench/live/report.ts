import { existsSync, readFileSync, writeFileSync } from "node:fs";

import type { Machine } from "./machine";
import { machineLine } from "./machine";
import type { SystemResult } from "./system";

export interface RunInfo extends Machine {
  pairs: number;
  rate: number;
  seconds: number;
  pool: number;
  /** Load average (1 min) when the run started and ended: the machine is shared. */
  load: [number, number];
  /** What changed since the previous recorded run (`--note`). */
  note?: string;
}

interface Row {
  metric: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}

const TARGETS = { throughputRatio: 0.6, p99Ratio: 3, kbPerSocket: 20 } as const;

const kb = (bytes: number) => bytes / 1024;
const fixed = (digits: number) => (value: number) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
const ms = fixed(1);
const one = fixed(1);
const whole = fixed(0);
const ratioOf = (ours: number, baseline: number) => (baseline > 0 ? ours / baseline : Number.NaN);
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "–");
const verdict = (ok: boolean) => (ok ? "yes" : "**no**");

export function buildRows(info: RunInfo, ours: SystemResult, base: SystemResult): Row[] {
  const rows: Row[] = [];
  const compare = (metric: string, o: number, b: number, format: (value: number) => string, target = "", met = "") =>
    rows.push({ metric, ours: format(o), baseline: format(b), ratio: times(ratioOf(o, b)), target, met });

  const rssKb = kb(ours.rssPerSocket);
  compare(
    `Idle memory per subscribed socket, RSS (KB)`,
    rssKb,
    kb(base.rssPerSocket),
    one,
    `≤ ${TARGETS.kbPerSocket} KB`,
    verdict(rssKb <= TARGETS.kbPerSocket),
  );
  compare("Idle memory per subscribed socket, JS heap (KB)", kb(ours.heapPerSocket), kb(base.heapPerSocket), one);

    compare(`Fixed rate: latency p50 (ms)`, ours.fixed.latency.p50, base.fixed.latency.p50, ms);
  compare(`Fixed rate: latency p95 (ms)`, ours.fixed.latency.p95, base.fixed.latency.p95, ms);
  const p99Ratio = ratioOf(ours.fixed.latency.p99, base.fixed.latency.p99);
  compare(
    `Fixed rate: latency p99 (ms)`,
    ours.fixed.latency.p99,
    base.fixed.latency.p99,
    ms,
    `≤ ${TARGETS.p99Ratio}× baseline${info.pairs === 500 && info.rate === 200 ? "" : " (set at 500 pairs / 200 msg/s)"}`,
    verdict(p99Ratio <= TARGETS.p99Ratio),
  );
  compare("Fixed rate: delivered (msg/s)", ours.fixed.messagesPerSecond, base.fixed.messagesPerSecond, whole);

  const throughputRatio = ratioOf(ours.closed.messagesPerSecond, base.closed.messagesPerSecond);
  compare(
    "Closed loop: sustainable rate (msg/s)",
    ours.closed.messagesPerSecond,
    base.closed.messagesPerSecond,
    whole,
    `≥ ${TARGETS.throughputRatio}× baseline`,
    verdict(throughputRatio >= TARGETS.throughputRatio),
  );
  compare("Closed loop: latency p50 (ms)", ours.closed.latency.p50, base.closed.latency.p50, ms);
  compare("Closed loop: latency p99 (ms)", ours.closed.latency.p99, base.closed.latency.p99, ms);

  const totals = (result: SystemResult) => {
    const phases = [result.warmUp, result.fixed, result.closed];
    const sum = (pick: (phase: (typeof phases)[number]) => number) => phases.reduce((n, p) => n + pick(p), 0);
    return {
      sent: sum((p) => p.sent),
      lost: sum((p) => p.lost),
      duplicated: sum((p) => p.duplicated),
      errors: sum((p) => p.sendErrors),
      late: sum((p) => p.late),
    };
  };
  const o = totals(ours);
  const b = totals(base);
  const count = (metric: string, ov: number, bv: number, target: string, met: string) =>
    rows.push({ metric, ours: String(ov), baseline: String(bv), ratio: "", target, met });
  count("Messages sent, all phases", o.sent, b.sent, "", "");
  count("Lost (not delivered within 5 s of the phase)", o.lost, b.lost, "0", verdict(o.lost === 0));
  count("  of which arrived later, while the backlog cleared", o.late, b.late, "", "");
  count("Duplicated (delivered twice)", o.duplicated, b.duplicated, "0", verdict(o.duplicated === 0));
  count("Send or subscription errors", o.errors, b.errors, "0", verdict(o.errors === 0));

  compare("Server CPU, fixed-rate phase (% of a core)", ours.fixed.serverCpu, base.fixed.serverCpu, whole);
  compare("Server CPU, closed loop (% of a core)", ours.closed.serverCpu, base.closed.serverCpu, whole);
  compare("Load generator CPU, closed loop (% of a core)", ours.closed.loadCpu, base.closed.loadCpu, whole);
  return rows;
}

export function renderTable(rows: readonly Row[]): string {
  const header: Row = { metric: "Metric", ours: "Atiende", baseline: "Baseline", ratio: "Atiende/baseline", target: "Target", met: "Met" };
  const keys = Object.keys(header) as (keyof Row)[];
  const widths = keys.map((key) => Math.max(...[header, ...rows].map((row) => row[key].length)));
  const line = (row: Row) => `| ${keys.map((key, i) => row[key].padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const rule = `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** What the rows mean, for whoever reads the table without the code. */
export function legend(info: RunInfo): string[] {
  return [
    `${info.pairs} pairs = ${info.pairs * 2} sockets, each subscribed to its conversation. Fixed rate: ${info.rate} msg/s in all ` +
      `for ${info.seconds} s, round-robin over the pairs, alternating sender. Closed loop: each pair sends its next ` +
      `message once the previous one arrived, for ${info.seconds} s.`,
    "Latency is send → the other side's subscription, in the load generator. Messages that arrived after the 5 s grace " +
      "count as lost and still count in the latencies; \"delivered\" counts them too, over first send → last arrival.",
    "Memory per socket: (server memory with every socket idle and subscribed − before any socket) / sockets, after a forced gc; " +
      "before the first reading 25 pairs connect, talk for a second and leave, so one-time costs (code, prepared statements) are not counted per socket.",
    "Both systems write the same rows per message: the message, the sender's rate-limit counter, the conversation's next event " +
      "number with its activity times and search words, the numbered audit row and the sender's participation. Atiende also " +
      "authorizes, answers duplicates and refuses past the limit; the baseline decides nothing.",
  ];
}

export function renderSection(info: RunInfo, table: string, notes: readonly string[]): string {
  return [
    `## ${info.date} — ${info.pairs} pairs, ${info.rate} msg/s, ${info.seconds} s phases`,
    "",
    `- ${machineLine(info)}`,
    `- Parameters: PAIRS=${info.pairs} RATE=${info.rate} SECONDS=${info.seconds}, pool ${info.pool} connections per server`,
    `- Load average (1 min) at start / end: ${info.load.map((l) => l.toFixed(1)).join(" / ")} (shared machine: other runs and tests use the same cores and PostgreSQL)`,
    ...(info.note ? [`- Changed: ${info.note}`] : []),
    "",
    table,
    "",
    ...[...legend(info), ...notes].map((note) => `- ${note}`),
    "",
  ].join("\n");
}

const HEADER = `# Live benchmark results

Written by \`pnpm bench:live\` (bench/live/run.ts): Atiende's tRPC WebSocket + HTTP server against a
bare baseline (the \`postgres\` driver and the \`ws\` package) under the same load, in the same run.
Each server runs in its own process, bundled with esbuild as the app's production server is (runs
before 2026-11-24T02:00Z ran them through tsx, which cost Atiende about 2 KB per socket); the load
generator, both servers and PostgreSQL share the machine. Ratios are Atiende/baseline (lower is better for latency and memory, higher for msg/s).
Newest run first.
`;
const MARKER = "<!-- runs: newest first -->";

/** Puts the run's section at the top of the runs in RESULTS.md, keeping the earlier ones. */
export function recordResults(file: string, section: string) {
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  const at = current.indexOf(MARKER);
  const earlier = at >= 0 ? current.slice(at + MARKER.length).trimStart() : "";
  const head = at >= 0 ? current.slice(0, at) : `${HEADER}\n`;
  writeFileSync(file, `${head}${MARKER}\n\n${section}${earlier ? `\n${earlier}` : ""}`);
}
