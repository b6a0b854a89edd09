"use client";

import { useTranslations } from "use-intl";

import { RelativeTime } from "~/components/i18n/relative-time";
import { api } from "~/trpc/react";

/** Every attempt at one delivery, first to last, refreshed while it is open. */
export function AttemptList({ id, deliveryId }: { id: string; deliveryId: string }) {
  const t = useTranslations("webhooks.log");
  const attempts = api.webhook.attempts.useQuery({ id: deliveryId }, { refetchInterval: 3000 });
  if (attempts.isError) {
    return (
      <p id={id} role="alert" className="text-sm text-red-700">
        {t("attemptsError")}
      </p>
    );
  }
  if (attempts.data?.length === 0)
    return (
      <p id={id} className="text-sm text-slate-700">
        {t("attemptsEmpty")}
      </p>
    );
  return (
    <ol
      id={id}
      aria-label={t("attemptsTitle")}
      className="flex flex-col gap-1 text-xs text-slate-800"
    >
      {attempts.data?.map((attempt) => (
        <li key={attempt.attempt} className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <span className="font-medium">{t("attemptN", { n: attempt.attempt })}</span>
          <span
            className={
              attempt.ok
                ? "rounded bg-green-100 px-2 text-green-900"
                : "rounded bg-red-100 px-2 text-red-900"
            }
          >
            {attempt.ok ? t("attemptOk") : t("attemptFailed")}
          </span>
          <span>{attempt.responseStatus ?? t("noAnswer")}</span>
          <span>{t("ms", { ms: attempt.durationMs })}</span>
          <RelativeTime value={attempt.attemptedAt} />
          {attempt.error ? <span className="break-all text-red-800">{attempt.error}</span> : null}
        </li>
      ))}
    </ol>
  );
}
