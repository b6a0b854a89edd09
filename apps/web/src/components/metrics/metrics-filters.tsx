"use client";

import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";

export interface MetricsRange {
  from: string;
  to: string;
  supportUserId: string;
}

const field = "h-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900";

/** The range's two dates and the agent; the figures follow as soon as they change. */
export function MetricsFilters(props: {
  value: MetricsRange;
  onChange: (value: MetricsRange) => void;
  error: string | null;
}) {
  const t = useTranslations("metrics.filters");
  const staff = api.user.staff.useQuery();
  const { value, onChange } = props;
  return (
    <form
      role="search"
      aria-label={t("label")}
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => event.preventDefault()}
    >
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        {t("from")}
        <input
          type="date"
          className={field}
          value={value.from}
          max={value.to}
          required
          onChange={(e) => onChange({ ...value, from: e.target.value })}
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        {t("to")}
        <input
          type="date"
          className={field}
          value={value.to}
          min={value.from}
          required
          onChange={(e) => onChange({ ...value, to: e.target.value })}
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        {t("agent")}
        <select
          className={field}
          value={value.supportUserId}
          onChange={(e) => onChange({ ...value, supportUserId: e.target.value })}
        >
          <option value="">{t("allAgents")}</option>
          {staff.data?.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </label>
      {props.error ? (
        <p role="alert" className="basis-full text-sm text-red-700">
          {props.error}
        </p>
      ) : null}
    </form>
  );
}
