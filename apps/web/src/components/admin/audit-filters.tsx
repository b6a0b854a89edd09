"use client";

import { AUDIT_ACTIONS } from "@atiende/api/contract";
import { useId } from "react";
import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";
import { Form } from "~/components/forms/form";

export interface AuditFilter {
  actorUserId: string;
  action: string;
  from: string;
  to: string;
}

const group = "flex flex-col gap-1 text-sm font-medium text-slate-800";
const control = "h-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900";

/** Who, what and between which days; the log follows as soon as one changes. */
export function AuditFilters({ value, onChange }: { value: AuditFilter; onChange: (value: AuditFilter) => void }) {
  const t = useTranslations("admin.audit");
  const id = useId();
  // Actors are staff nearly always; a candidate's own actions are found by action and day.
  const staff = api.user.people.useQuery({ kind: "staff", limit: 100 });
  const set = (key: keyof AuditFilter) => (event: { target: { value: string } }) =>
    onChange({ ...value, [key]: event.target.value });
  return (
    <Form role="search" aria-label={t("filters")} className="flex flex-wrap items-end gap-3" onSubmit={(event) => event.preventDefault()}>
      <div className={group}>
        <label htmlFor={`${id}-actor`}>{t("actor")}</label>
        <select id={`${id}-actor`} className={control} value={value.actorUserId} onChange={set("actorUserId")}>
          <option value="">{t("anyActor")}</option>
          {staff.data?.items.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </div>
      <div className={group}>
        <label htmlFor={`${id}-action`}>{t("action")}</label>
        <select id={`${id}-action`} className={control} value={value.action} onChange={set("action")}>
          <option value="">{t("anyAction")}</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {t(`actions.${action}`)}
            </option>
          ))}
        </select>
      </div>
      <div className={group}>
        <label htmlFor={`${id}-from`}>{t("from")}</label>
        <input id={`${id}-from`} type="date" className={control} value={value.from} max={value.to || undefined} onChange={set("from")} />
      </div>
      <div className={group}>
        <label htmlFor={`${id}-to`}>{t("to")}</label>
        <input id={`${id}-to`} type="date" className={control} value={value.to} min={value.from || undefined} onChange={set("to")} />
      </div>
    </Form>
  );
}
