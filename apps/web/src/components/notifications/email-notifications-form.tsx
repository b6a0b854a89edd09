"use client";

import { useId, useState } from "react";
import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";

/** The person's own switch for emails about unread messages; saved as soon as it is flipped. */
export function EmailNotificationsForm() {
  const t = useTranslations("profile.notifications");
  const id = useId();
  const utils = api.useUtils();
  const settings = api.notification.settings.useQuery();
  const [status, setStatus] = useState<"idle" | "saved" | "failed">("idle");
  // Shown at once when flipped; back to the stored value if saving fails.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const update = api.notification.update.useMutation({
    onSuccess: (saved) => {
      utils.notification.settings.setData(undefined, saved);
      setStatus("saved");
    },
    onError: () => {
      setChosen(null);
      setStatus("failed");
    },
  });

  return (
    <section className="mt-8 max-w-md" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {t("title")}
      </h2>
      <div className="mt-2 flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          className="mt-1 size-4"
          checked={chosen ?? settings.data?.emailEnabled ?? false}
          disabled={!settings.data || update.isPending}
          onChange={(event) => {
            setChosen(event.target.checked);
            update.mutate({ emailEnabled: event.target.checked });
          }}
          aria-describedby={`${id}-hint`}
        />
        <label htmlFor={id} className="text-sm">
          {t("email")}
        </label>
      </div>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
        {t("hint")}
      </p>
      <p aria-live="polite" className="mt-1 text-sm">
        {status === "saved" ? t("saved") : status === "failed" ? <span className="text-red-700">{t("failed")}</span> : null}
      </p>
    </section>
  );
}
