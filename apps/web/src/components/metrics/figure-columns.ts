import type { AgentFigures } from "./types";

type Figures = Omit<AgentFigures, "supportUserId" | "name">;

/**
 * The summary's figures as (CSV column key, value) pairs, in one order for the summary file and
 * the per-agent file. Durations stay in seconds and rates as fractions, as the API gives them.
 */
export function figureColumns(f: Figures) {
  return [
    ["created", f.created],
    ["resolvedOrClosed", f.resolvedOrClosed],
    ["resolutionRate", f.resolutionRate],
    ["firstResponses", f.firstResponse.count],
    ["firstResponseMedian", f.firstResponse.medianSeconds],
    ["firstResponseP90", f.firstResponse.p90Seconds],
    // The same waits counted in business hours only: empty while the hours are off.
    ["firstResponseBusinessMedian", f.firstResponse.businessMedianSeconds],
    ["firstResponseBusinessP90", f.firstResponse.businessP90Seconds],
    ["resolved", f.resolution.count],
    ["resolutionMedian", f.resolution.medianSeconds],
    ["resolutionP90", f.resolution.p90Seconds],
    ["messages", f.messages.total],
    ["messagesPerConversation", f.messages.perConversation],
    ["csatCount", f.csat.count],
    ["csatAverage", f.csat.average],
    ["openBacklog", f.openBacklog],
  ] as const;
}
