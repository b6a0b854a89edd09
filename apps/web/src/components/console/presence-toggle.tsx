"use client";

import { cn } from "@atiende/ui";
import { useState } from "react";
import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";

/** The agent's own status. Online while the console is open; "away" keeps them out of routing. */
export function PresenceToggle() {
  const t = useTranslations("console.presence");
  const [status, setStatus] = useState<"online" | "away">("online");
  const setPresence = api.live.setPresence.useMutation();
  const next = status === "online" ? "away" : "online";
  return (
    <button
      type="button"
      aria-label={`${t("label")}: ${t(status)}`}
      onClick={() => {
        setStatus(next);
        setPresence.mutate({ status: next });
      }}
      className="flex items-center gap-2 rounded-md px-3 py-2 text-sm whitespace-nowrap text-slate-100 hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-white"
    >
      <span aria-hidden className={cn("size-2.5 rounded-full", status === "online" ? "bg-emerald-400" : "bg-amber-400")} />
      {t(status)}
    </button>
  );
}
