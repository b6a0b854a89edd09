"use client";

import { isOpen, nextOpening } from "@atiende/api/contract";
import { useFormatter, useNow, useTranslations } from "use-intl";

import { useHydrated } from "~/components/i18n/use-hydrated";
import { api } from "~/trpc/react";

/** How often the banner looks at the clock again (it appears at closing time, goes at opening). */
const TICK_MS = 60_000;

/**
 * Outside business hours: "nobody is here, we are back on …, write anyway". Worked out on the
 * browser's clock from the team's hours, so it comes and goes by itself; the composer stays usable.
 */
export function ClosedBanner() {
  const t = useTranslations("chat.closed");
  const format = useFormatter();
  const now = useNow({ updateInterval: TICK_MS });
  // The server's clock is not the browser's: decided after hydration only.
  const hydrated = useHydrated();
  const hours = api.businessHours.get.useQuery(undefined, { staleTime: 5 * 60_000 });
  if (!hydrated || !hours.data?.enabled || isOpen(hours.data.schedule, now)) return null;
  const back = nextOpening(hours.data.schedule, now);
  return (
    <div role="status" className="border-b border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-950">
      <p className="font-medium">{t("title")}</p>
      <p>
        {back && `${t("back", { when: format.dateTime(back, { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" }) })} `}
        {t("leave")}
      </p>
    </div>
  );
}
