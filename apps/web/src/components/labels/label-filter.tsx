"use client";

import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";

/** The inbox's "Etiqueta" filter: any, or the conversations carrying one label. */
export function LabelFilter(props: { value: string; onChange: (labelId: string) => void; className: string }) {
  const t = useTranslations("labels");
  const labels = api.label.list.useQuery(undefined, { staleTime: 60_000 });
  if (!labels.data?.length && !props.value) return null;
  return (
    <select aria-label={t("filter")} className={props.className} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
      <option value="">{t("anyLabel")}</option>
      {labels.data?.map((label) => (
        <option key={label.id} value={label.id}>
          {label.name}
        </option>
      ))}
    </select>
  );
}
