"use client";

import { STAFF_ROLES } from "@atiende/api/contract";
import { Input } from "@atiende/ui";
import type { FormEvent } from "react";
import { useId } from "react";
import { useTranslations } from "use-intl";

import { field } from "~/components/console/form-field";
import { api } from "~/trpc/react";
import { Form, SubmitButton } from "~/components/forms/form";

const select = "h-10 rounded-md border border-slate-300 bg-white px-2 text-sm";

/** A new staff account; its temporary password goes to `onCreated`, to be shown once. */
export function CreateStaffForm({ onCreated }: { onCreated: (person: { id: string; name: string }, password: string) => void }) {
  const t = useTranslations("admin.people.create");
  const roles = useTranslations("roles");
  const id = useId();
  // Until the page is interactive the form must not submit natively (its fields in a URL).
  const utils = api.useUtils();
  const create = api.user.create.useMutation({ onSuccess: () => utils.user.people.invalidate() });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const role = STAFF_ROLES.find((r) => r === field(data, "role")) ?? "soporte";
    create.mutate(
      { name: field(data, "name"), email: field(data, "email"), role },
      {
        onSuccess: ({ user, temporaryPassword }) => {
          form.reset();
          onCreated(user, temporaryPassword);
        },
      },
    );
  };

  return (
    <Form onSubmit={onSubmit} aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={`${id}-title`} className="text-base font-semibold">
        {t("title")}
      </h2>
      <div className="mt-3 grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end">
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t("name")}
          <Input name="name" required maxLength={200} autoComplete="off" />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t("email")}
          <Input name="email" type="email" required maxLength={320} autoComplete="off" />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t("role")}
          <select name="role" defaultValue="soporte" className={select}>
            {STAFF_ROLES.map((role) => (
              <option key={role} value={role}>
                {roles(role)}
              </option>
            ))}
          </select>
        </label>
        <SubmitButton disabled={create.isPending}>
          {create.isPending ? t("submitting") : t("submit")}
        </SubmitButton>
      </div>
      {create.error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {create.error.data?.code === "CONFLICT" ? t("taken") : t("invalid")}
        </p>
      )}
    </Form>
  );
}
