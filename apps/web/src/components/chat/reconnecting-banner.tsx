"use client";

import { useTranslations } from "use-intl";

import { useConnectionState } from "~/trpc/connection";

/** "Reconectando…" while the live connection is down; announced politely to screen readers. */
export function ReconnectingBanner() {
  const t = useTranslations("chat");
  if (useConnectionState() !== "offline") return null;
  return (
    <p role="status" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-900">
      {t("reconnecting")}
    </p>
  );
}
