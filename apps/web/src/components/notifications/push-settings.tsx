"use client";

import { useId } from "react";
import { useTranslations } from "use-intl";

import { PushToggle } from "./push-toggle";

/**
 * /perfil's section for push notifications on this browser. A switch per device, apart from the
 * email switch: people want their phone to ring and their inbox quiet, or the reverse.
 */
export function PushSettings() {
  const t = useTranslations("profile.notifications");
  const id = useId();
  return (
    <section className="mt-8 max-w-md" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {t("pushTitle")}
      </h2>
      <p className="mt-1 text-xs text-slate-600">{t("pushHint")}</p>
      <PushToggle className="mt-3" explain variant="secondary" />
    </section>
  );
}
