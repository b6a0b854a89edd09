"use client";

import type { RouterInputs } from "@atiende/api";
import { useState } from "react";

import { api } from "~/trpc/react";

/**
 * The widget's flow: opening the chat shows the candidate's open conversation, or starts one (with
 * what `start` says about it), ready to type.
 */
export function useOpenConversation() {
  const utils = api.useUtils();
  const create = api.conversation.create.useMutation();
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  const openOne = async () => (await utils.conversation.list.fetch({ status: "open", limit: 1 }, { staleTime: 0 })).items[0];

  const open = async (start: RouterInputs["conversation"]["create"] = {}) => {
    setFailed(false);
    try {
      const existing = await openOne();
      // Two tabs opening at once start one conversation: the slower one is told it exists (CONFLICT).
      const id = existing?.id ?? (await create.mutateAsync({ ...start, unlessOpen: true }).catch(() => null))?.id;
      const found = id ?? (await openOne())?.id;
      if (!found) throw new Error("No open conversation, none started");
      setConversationId(found);
    } catch {
      setFailed(true);
    }
  };

  /** A new conversation, whatever is open. */
  const startNew = async (start: RouterInputs["conversation"]["create"] = {}) => {
    setFailed(false);
    try {
      setConversationId((await create.mutateAsync(start)).id);
      await utils.conversation.list.invalidate();
    } catch {
      setFailed(true);
    }
  };

  return { conversationId, setConversationId, failed, open, startNew, starting: create.isPending };
}
