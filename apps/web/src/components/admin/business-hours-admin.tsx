"use client";

import { WEEKDAYS } from "@atiende/api/contract";
import { Input } from "@atiende/ui";
import type { FormEvent } from "react";
import { useId, useState } from "react";
import { useTranslations } from "use-intl";

import { field } from "~/components/console/form-field";
import { Form, SubmitButton } from "~/components/forms/form";
import { api } from "~/trpc/react";
import { AutoReplyFields } from "./auto-reply-fields";

// Monday first on screen, as people read a week; stored Sunday first.
const SHOWN = [...WEEKDAYS.slice(1), 0] as const;

/**
 * The admin's form for the team's business hours: on/off, zone, each day's hours, closed days, and
 * the automatic answer outside them.
 */
/**
 * Wide enough for "12:00 AM" where the browser shows a 12-hour clock; on a phone the picker's icon
 * gives way (a tap opens the picker anyway) so both columns fit in 375 px.
 */
const TIME_INPUT =
  "w-28 min-w-0 px-1.5 sm:w-32 sm:px-2 [&::-webkit-calendar-picker-indicator]:hidden sm:[&::-webkit-calendar-picker-indicator]:block";

export function BusinessHoursAdmin() {
  const t = useTranslations("admin.hours");
  const id = useId();
  const current = api.businessHours.get.useQuery();
  const utils = api.useUtils();
  const [status, setStatus] = useState<"idle" | "saved" | "failed">("idle");
  const save = api.businessHours.set.useMutation({
    onSuccess: (saved) => {
      utils.businessHours.get.setData(undefined, saved);
      setStatus("saved");
    },
    onError: () => setStatus("failed"),
  });
  if (!current.data) return null;
  const { enabled, schedule, autoReply } = current.data;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    save.mutate({
      enabled: data.get("enabled") === "on",
      timeZone: field(data, "timeZone").trim(),
      weekly: WEEKDAYS.map((day) =>
        data.get(`open-${day}`) === "on" ? { from: field(data, `from-${day}`), to: field(data, `to-${day}`) } : null,
      ),
      closedDays: field(data, "closedDays")
        .split(/[\s,]+/)
        .filter(Boolean),
      autoReply: { enabled: data.get("autoReplyEnabled") === "on", es: field(data, "autoReplyEs"), en: field(data, "autoReplyEn") },
    });
  };

  return (
    <section aria-labelledby={`${id}-title`} className="max-w-2xl">
      <h1 id={`${id}-title`} className="text-xl font-bold">
        {t("title")}
      </h1>
      <p className="mt-1 text-sm text-slate-700">{t("intro")}</p>
      <Form onSubmit={submit} className="mt-4 space-y-4" aria-labelledby={`${id}-title`}>
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" name="enabled" defaultChecked={enabled} className="size-4" />
          {t("enabled")}
        </label>
        <label className="flex max-w-xs flex-col gap-1 text-sm font-medium">
          {t("timeZone")}
          <Input name="timeZone" required maxLength={64} defaultValue={schedule.timeZone} autoComplete="off" />
        </label>
        <div className="overflow-x-auto">
        <table className="text-sm">
          <thead>
            <tr className="text-left">
              <th className="pr-2 font-medium sm:pr-4">{t("day")}</th>
              <th className="pr-2 font-medium sm:pr-4">{t("open")}</th>
              <th className="pr-2 font-medium sm:pr-4">{t("from")}</th>
              <th className="font-medium">{t("to")}</th>
            </tr>
          </thead>
          <tbody>
            {SHOWN.map((day) => {
              const hours = schedule.weekly[day];
              const name = t(`days.${day}`);
              return (
                <tr key={day}>
                  <th scope="row" className="py-1 pr-2 text-left font-normal sm:pr-4">
                    {name}
                  </th>
                  <td className="pr-2 sm:pr-4">
                    <input type="checkbox" name={`open-${day}`} defaultChecked={Boolean(hours)} aria-label={`${t("open")}: ${name}`} className="size-4" />
                  </td>
                  <td className="pr-2 sm:pr-4">
                    <Input type="time" name={`from-${day}`} defaultValue={hours?.from ?? "09:00"} aria-label={`${t("from")}: ${name}`} className={TIME_INPUT} />
                  </td>
                  <td>
                    <Input type="time" name={`to-${day}`} defaultValue={hours?.to ?? "18:00"} aria-label={`${t("to")}: ${name}`} className={TIME_INPUT} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t("closedDays")}
          <Input name="closedDays" defaultValue={schedule.closedDays.join(", ")} aria-describedby={`${id}-closed-hint`} autoComplete="off" />
          <span id={`${id}-closed-hint`} className="text-xs font-normal text-slate-600">
            {t("closedDaysHint")}
          </span>
        </label>
        <AutoReplyFields {...autoReply} />
        <div className="flex items-center gap-3">
          <SubmitButton disabled={save.isPending}>{save.isPending ? t("saving") : t("save")}</SubmitButton>
          <p aria-live="polite" className="text-sm">
            {status === "saved" ? t("saved") : status === "failed" ? <span className="text-red-700">{t("failed")}</span> : null}
          </p>
        </div>
      </Form>
    </section>
  );
}
