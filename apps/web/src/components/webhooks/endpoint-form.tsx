"use client";

import { Input } from "@atiende/ui";
import type { FormEvent } from "react";
import { useId, useState } from "react";
import { useTranslations } from "use-intl";

import { field } from "~/components/console/form-field";
import { useHydrated } from "~/components/i18n/use-hydrated";
import { api } from "~/trpc/react";
import { Form, SubmitButton } from "~/components/forms/form";

import { EndpointFields, endpointFields, refusal } from "./endpoint-fields";

/** A new endpoint. Its secret (typed, or made by the server) is shown once, right after. */
export function EndpointForm() {
  const t = useTranslations("webhooks.form");
  const id = useId();
  const hydrated = useHydrated();
  const utils = api.useUtils();
  const [secret, setSecret] = useState<string | null>(null);
  const create = api.webhook.create.useMutation({
    onSuccess: (endpoint) => {
      setSecret(endpoint.secret);
      void utils.webhook.list.invalidate();
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const typedSecret = field(data, "secret").trim();
    create.mutate(
      {
        ...endpointFields(data),
        ...(typedSecret ? { secret: typedSecret } : {}),
      },
      { onSuccess: () => form.reset() },
    );
  };

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
        {t("title")}
      </h2>
      {/* Disabled until hydrated: used before that, it would submit natively to this page. */}
      <Form onSubmit={onSubmit} className="mt-3 flex flex-col gap-4">
        <fieldset disabled={!hydrated || create.isPending} className="flex flex-col gap-4">
          <EndpointFields id={id} />
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-secret`} className="text-sm font-medium text-slate-800">
              {t("secret")}
            </label>
            <Input id={`${id}-secret`} name="secret" type="password" autoComplete="off" minLength={16} maxLength={200} aria-describedby={`${id}-secret-hint`} />
            <p id={`${id}-secret-hint`} className="text-xs text-slate-600">
              {t("secretHint")}
            </p>
          </div>
          <div>
            <SubmitButton>{create.isPending ? t("creating") : t("create")}</SubmitButton>
          </div>
        </fieldset>
      </Form>
      {create.error ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {refusal(t, create.error, t("failed"))}
        </p>
      ) : null}
      {secret ? (
        <div role="status" className="mt-3 rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
          <p>{t("created")}</p>
          <code className="mt-1 block break-all font-mono">{secret}</code>
        </div>
      ) : null}
    </section>
  );
}
