"use client";

import type { RouterOutputs } from "@atiende/api";
import { ROLES } from "@atiende/api/contract";
import { Button } from "@atiende/ui";
import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";

export type Person = RouterOutputs["user"]["people"]["items"][number];

const select = "h-8 rounded-md border border-slate-300 bg-white px-2 text-sm disabled:opacity-60";

/**
 * One account and what an admin may do with it: its role (unless an external issuer sets it, or
 * it is the admin's own), disable or enable, and reset the password.
 */
export function PersonRow(props: {
  person: Person;
  isSelf: boolean;
  onDone: (message: string) => void;
  onReset: (person: Person) => void;
}) {
  const { person, isSelf, onDone } = props;
  const t = useTranslations("admin.people");
  const roles = useTranslations("roles");
  const utils = api.useUtils();
  const refresh = () => utils.user.people.invalidate();
  const failed = () => onDone(t("failed"));
  const setRole = api.user.setRole.useMutation({
    onSuccess: ({ role }) => onDone(t("roleChanged", { name: person.name, role: roles(role as (typeof ROLES)[number]) })),
    onError: failed,
    onSettled: refresh,
  });
  const setDisabled = api.user.setDisabled.useMutation({
    onSuccess: ({ disabledAt }) => onDone(t(disabledAt ? "disabledDone" : "enabledDone", { name: person.name })),
    onError: failed,
    onSettled: refresh,
  });
  const knownRole = ROLES.find((role) => role === person.role);
  const disabled = person.disabledAt !== null;

  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 px-1 py-3 last:border-0">
      <div className="min-w-48 flex-1">
        <p className="font-medium">
          {person.name}
          {isSelf && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{t("you")}</span>}
        </p>
        <p className="text-sm break-all text-slate-600">{person.email}</p>
      </div>
      <div className="w-56">
        {person.managedExternally || !knownRole ? (
          <p className="text-sm">
            <span className="font-medium">{knownRole ? roles(knownRole) : person.role}</span>
            {person.managedExternally && <span className="block text-xs text-slate-600">{t("managed")}</span>}
          </p>
        ) : (
          <select
            aria-label={t("roleOf", { name: person.name })}
            className={select}
            value={knownRole}
            // Not disabled while saving: a control disabled under the focus drops it to the page.
            aria-busy={setRole.isPending}
            disabled={isSelf}
            onChange={(event) => {
              const role = ROLES.find((r) => r === event.target.value);
              if (role) setRole.mutate({ userId: person.id, role });
            }}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {roles(role)}
              </option>
            ))}
          </select>
        )}
      </div>
      <p className="w-40 text-sm">
        <span className={disabled ? "font-medium text-red-700" : "text-green-800"}>{t(disabled ? "disabled" : "active")}</span>
        {person.mustChangePassword && <span className="block text-xs text-amber-800">{t("temporary")}</span>}
      </p>
      <div className="flex gap-2">
        <Button
          size="sm"
          variant="secondary"
          aria-label={t(disabled ? "enableOf" : "disableOf", { name: person.name })}
          aria-disabled={setDisabled.isPending}
          disabled={isSelf}
          onClick={() => {
            if (!setDisabled.isPending) setDisabled.mutate({ userId: person.id, disabled: !disabled });
          }}
        >
          {t(disabled ? "enable" : "disable")}
        </Button>
        {!person.managedExternally && (
          <Button size="sm" variant="secondary" aria-label={t("resetOf", { name: person.name })} onClick={() => props.onReset(person)}>
            {t("reset")}
          </Button>
        )}
      </div>
    </li>
  );
}
