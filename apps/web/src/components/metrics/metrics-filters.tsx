"use client";

import { useId } from "react";
import { useTranslations } from "use-intl";

import { Form } from "~/components/forms/form";
import { api } from "~/trpc/react";

export interface MetricsRange {
  from: string;
  to: string;
  supportUserId: string;
}

const group = "flex flex-col gap-1 text-sm font-medium text-slate-800";
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
  // Labels point at their fields, so a select's name is its label alone, not its options too.
  const id = useId();
  return (
    <Form
      role="search"
      aria-label={t("label")}
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => event.preventDefault()}
    >
      <div className={group}>
        <label htmlFor={`${id}-from`}>{t("from")}</label>
        <input
          id={`${id}-from`}
          type="date"
          className={field}
          value={value.from}
          max={value.to}
          required
          onChange={(e) => onChange({ ...value, from: e.target.value })}
        />
      </div>
      <div className={group}>
        <label htmlFor={`${id}-to`}>{t("to")}</label>
        <input
          id={`${id}-to`}
          type="date"
          className={field}
          value={value.to}
          min={value.from}
          required
          onChange={(e) => onChange({ ...value, to: e.target.value })}
        />
      </div>
      <div className={group}>
        <label htmlFor={`${id}-agent`}>{t("agent")}</label>
        <select
          id={`${id}-agent`}
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
      </div>
      {props.error ? (
        <p role="alert" className="basis-full text-sm text-red-700">
          {props.error}
        </p>
      ) : null}
    </Form>
  );
}
