"use client";

import type { LabelColor } from "@atiende/api/contract";
import { LABEL_COLORS } from "@atiende/api/contract";
import { Button, cn, Input } from "@atiende/ui";
import type { FormEvent } from "react";
import { useId } from "react";
import { useTranslations } from "use-intl";

import { field } from "~/components/console/form-field";
import { LABEL_CHIP_CLASSES } from "~/components/labels/label-chip";
import { Form, SubmitButton } from "~/components/forms/form";

/** A label's name and colour (the palette as radio swatches); used to create and to edit. */
export function LabelForm(props: {
  initial?: { name: string; color: LabelColor };
  submitText: string;
  pending: boolean;
  error: string | null;
  onSubmit: (value: { name: string; color: LabelColor }) => void;
  onCancel?: () => void;
  labelledBy?: string;
}) {
  const t = useTranslations("labels");
  const id = useId();
  // Until the page is interactive the form must not submit natively (its fields in a URL).
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const color = LABEL_COLORS.find((c) => c === field(data, "color")) ?? "slate";
    props.onSubmit({ name: field(data, "name"), color });
  };
  return (
    <Form onSubmit={submit} aria-labelledby={props.labelledBy} className="flex flex-wrap items-end gap-3">
      <label className="flex min-w-48 flex-1 flex-col gap-1 text-sm font-medium">
        {t("name")}
        <Input name="name" required maxLength={40} defaultValue={props.initial?.name} autoComplete="off" />
      </label>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm font-medium">{t("color")}</legend>
        <div className="flex flex-wrap gap-1">
          {LABEL_COLORS.map((color) => (
            <label key={color} className="cursor-pointer">
              <input type="radio" name="color" value={color} defaultChecked={(props.initial?.color ?? "slate") === color} className="peer sr-only" id={`${id}-${color}`} />
              <span
                className={cn(
                  "block rounded border px-2 py-1 text-xs font-medium peer-checked:ring-2 peer-checked:ring-slate-900 peer-focus-visible:outline-2 peer-focus-visible:outline-indigo-600",
                  LABEL_CHIP_CLASSES[color],
                )}
              >
                {t(`colors.${color}`)}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex gap-2">
        {props.onCancel && (
          <Button variant="ghost" onClick={props.onCancel}>
            {t("cancel")}
          </Button>
        )}
        <SubmitButton disabled={props.pending}>
          {props.submitText}
        </SubmitButton>
      </div>
      {props.error && (
        <p role="alert" className="basis-full text-sm text-red-700">
          {props.error}
        </p>
      )}
    </Form>
  );
}
