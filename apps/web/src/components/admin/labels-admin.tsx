"use client";

import type { AppRouter } from "@atiende/api";
import { Button } from "@atiende/ui";
import type { TRPCClientErrorLike } from "@trpc/client";
import { useId, useState } from "react";
import { useTranslations } from "use-intl";

import { LabelChip } from "~/components/labels/label-chip";
import { api } from "~/trpc/react";
import { LabelForm } from "./label-form";

type Translate = ReturnType<typeof useTranslations<"labels">>;

const refusal = (t: Translate, error: TRPCClientErrorLike<AppRouter> | null) =>
  !error ? null : error.data?.code === "CONFLICT" ? t("taken") : error.data?.zodError ? t("invalid") : t("failed");

/** The team's labels: create, rename or recolour, and remove (conversations keep their history). */
export function LabelsAdmin() {
  const t = useTranslations("labels");
  const id = useId();
  const utils = api.useUtils();
  const labels = api.label.list.useQuery();
  const refresh = () => Promise.all([utils.label.list.invalidate(), utils.conversation.invalidate()]);
  const create = api.label.create.useMutation({ onSuccess: refresh });
  const update = api.label.update.useMutation({ onSuccess: refresh });
  const remove = api.label.remove.useMutation({ onSuccess: refresh });
  const [editing, setEditing] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-700">{t("hint")}</p>
      </div>
      <section aria-labelledby={`${id}-new`} className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id={`${id}-new`} className="mb-3 text-base font-semibold">
          {t("create")}
        </h2>
        <LabelForm
          key={formKey}
          labelledBy={`${id}-new`}
          submitText={t("create")}
          pending={create.isPending}
          error={refusal(t, create.error)}
          onSubmit={(value) => create.mutate(value, { onSuccess: () => setFormKey((k) => k + 1) })}
        />
      </section>
      <section aria-labelledby={`${id}-list`} className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id={`${id}-list`} className="sr-only">
          {t("title")}
        </h2>
        {labels.data?.length === 0 && <p className="text-sm text-slate-600">{t("empty")}</p>}
        <ul aria-labelledby={`${id}-list`}>
          {labels.data?.map((label) => (
            <li key={label.id} className="border-b border-slate-200 py-3 last:border-0">
              {editing === label.id ? (
                <LabelForm
                  initial={label}
                  submitText={t("save")}
                  pending={update.isPending}
                  error={refusal(t, update.error)}
                  onCancel={() => setEditing(null)}
                  onSubmit={(value) => update.mutate({ id: label.id, ...value }, { onSuccess: () => setEditing(null) })}
                />
              ) : (
                <div className="flex flex-wrap items-center gap-2">
                  <LabelChip name={label.name} color={label.color} className="mr-auto text-sm" />
                  <Button size="sm" variant="secondary" aria-label={t("edit", { name: label.name })} onClick={() => { update.reset(); setEditing(label.id); }}>
                    {t("editButton")}
                  </Button>
                  <Button size="sm" variant="ghost" aria-label={t("remove", { name: label.name })} disabled={remove.isPending} onClick={() => remove.mutate({ id: label.id })}>
                    {t("removeButton")}
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
