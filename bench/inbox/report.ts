import type { Machine } from "../live/machine";
import { machineLine } from "../live/machine";
import { recordInSection } from "../live/results-file";
import { RATIO_TARGET } from "./cases";
import type { CaseResult } from "./measure";
import type { InboxBenchOptions } from "./env";

export type InboxRunInfo = Pick<
  InboxBenchOptions,
  "conversations" | "messages" | "longConversationMessages" | "iterations" | "warmUp" | "secondsPerQuery"
> &
  Machine;

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "–");
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "–");

/** Met: p99 under the target, and the typical call (p50) within RATIO_TARGET of its raw twin. */
export const isMet = (result: CaseResult) =>
  result.ours.p99 < result.targetP99 && result.ours.p50 / result.raw.p50 <= RATIO_TARGET;

export function renderTable(results: readonly CaseResult[]): string {
  const header = [
    "Query",
    "Calls",
    "Ours p50",
    "Ours p99",
    "Raw p50",
    "Raw p99",
    "Ratio p50",
    "Ratio p99",
    "Target",
    "Met",
  ];
  const rows = results.map((r) => [
    r.name,
    String(r.ours.count),
    ms(r.ours.p50),
    ms(r.ours.p99),
    ms(r.raw.p50),
    ms(r.raw.p99),
    times(r.ours.p50 / r.raw.p50),
    times(r.ours.p99 / r.raw.p99),
    `p99 < ${r.targetP99} ms, ≤ ${RATIO_TARGET}× raw`,
    isMet(r) ? "yes" : "**no**",
  ]);
  const widths = header.map((_, i) =>
    Math.max(...[header, ...rows].map((row) => (row[i] ?? "").length)),
  );
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [
    line(header),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...rows.map(line),
  ].join("\n");
}

export function renderSection(info: InboxRunInfo, table: string, notes: readonly string[]): string {
  return [
    `### ${info.date} — ${info.conversations} conversations, ${info.messages} messages`,
    "",
    `- ${machineLine(info)}`,
    `- Up to ${info.iterations} timed calls per query and side (fewer when they exceed ${info.secondsPerQuery} s; ` +
      `"Calls" says how many) after up to ${info.warmUp} warm-up calls, one at a time, alternating ours and raw; ` +
      `milliseconds. Long conversation: ${info.longConversationMessages} messages.`,
    "",
    table,
    "",
    ...notes.map((note) => `- ${note}`),
    "",
  ].join("\n");
}

const SECTION = "## Inbox";
const MARKER = "<!-- inbox runs: newest first -->";
const INTRO = `${SECTION}

Written by \`pnpm bench:inbox\` (bench/inbox/run.ts): inbox pages, full-text search and a deep
history page as a staff user through the tRPC server-side caller of the app router ("ours"), each
beside the same SQL sent through the bare \`postgres\` driver ("raw"), on a database seeded with the
volume seed (packages/db/src/seed-volume.ts). Ratios are ours/raw. Newest run first.

${MARKER}
`;

/**
 * Puts the run at the top of the "## Inbox" section of RESULTS.md (added at the end of the file the
 * first time), leaving everything else, the live benchmark's runs included, as it was.
 */
export function recordResults(file: string, section: string) {
  recordInSection(file, { marker: MARKER, intro: INTRO }, section);
}
