import type { createCaller } from "@atiende/api";
import type postgres from "postgres";

import type { RawListFilter } from "./raw";
import { rawConversationList, rawMessagePage } from "./raw";

type Caller = ReturnType<typeof createCaller>;

export interface BenchCase {
  name: string;
  /** p99 target in milliseconds. */
  targetP99: number;
  /** Each returns the ids it listed, so the twins can be checked to return the same thing. */
  ours: () => Promise<string[]>;
  raw: () => Promise<string[]>;
}

export interface CaseSubjects {
  caller: Caller;
  viewerId: string;
  /** A caller for an agent who is not a participant of the long conversation. */
  otherCaller: Caller;
  otherViewerId: string;
  sql: postgres.Sql;
  deepCursor: string;
  rareWord: string;
  commonWord: string;
  longConversationId: string;
  /** A message about 40,000 messages back in the long conversation. */
  deepMessageId: string;
}

export const INBOX_TARGET_MS = 20;
export const HISTORY_TARGET_MS = 5;
export const RATIO_TARGET = 1.5;
const LIMIT = 20;
const HISTORY_LIMIT = 50;

export function buildCases(s: CaseSubjects): BenchCase[] {
  type ListInput = Parameters<Caller["conversation"]["list"]>[0];
  const list = (
    name: string,
    input: ListInput,
    raw: RawListFilter,
    who: "viewer" | "other" = "viewer",
  ): BenchCase => ({
    name,
    targetP99: INBOX_TARGET_MS,
    ours: async () => {
      const caller = who === "viewer" ? s.caller : s.otherCaller;
      const page = await caller.conversation.list(input);
      return page.items.map((item) => item.id);
    },
    raw: () =>
      rawConversationList(s.sql, who === "viewer" ? s.viewerId : s.otherViewerId, raw, LIMIT),
  });
  return [
    list("Inbox, first page", { limit: LIMIT }, {}),
    list(
      "Inbox, first page, as an agent outside the long conversation",
      { limit: LIMIT },
      {},
      "other",
    ),
    list(
      "Open + high priority",
      { status: "open", priority: "high", limit: LIMIT },
      { status: "open", priority: "high" },
    ),
    list("Unassigned", { unassigned: true, limit: LIMIT }, { unassigned: true }),
    list("Assigned to me", { assignedToMe: true, limit: LIMIT }, { assignedTo: s.viewerId }),
    list(
      "Deep page (cursor 10,000 conversations back)",
      { cursor: s.deepCursor, limit: LIMIT },
      { cursor: s.deepCursor },
    ),
    list(
      `Search, rare word ("${s.rareWord}")`,
      { q: s.rareWord, limit: LIMIT },
      { query: `${s.rareWord}:*` },
    ),
    list(
      `Search, common word ("${s.commonWord}")`,
      { q: s.commonWord, limit: LIMIT },
      { query: `${s.commonWord}:*` },
    ),
    {
      name: "History page, 40,000 messages back (message.list before)",
      targetP99: HISTORY_TARGET_MS,
      ours: async () => {
        const page = await s.caller.message.list({
          conversationId: s.longConversationId,
          before: s.deepMessageId,
          limit: HISTORY_LIMIT,
        });
        return page.items.map((item) => item.id);
      },
      raw: () => rawMessagePage(s.sql, s.longConversationId, s.deepMessageId, HISTORY_LIMIT),
    },
  ];
}
