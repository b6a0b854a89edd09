"use client";

import type { AppRouter } from "@atiende/api";
import { WEBHOOK_EVENTS } from "@atiende/api/contract";
import { Input } from "@atiende/ui";
import type { TRPCClientErrorLike } from "@trpc/client";
import type { FormEvent } from "react";
import { useId, useState } from "react";
import { useTranslations } from "use-intl";

import { field } from "~/components/console/form-field";
import { useHydrated } from "~/components/i18n/use-hydrated";
import { api } from "~/trpc/react";
import { Form, SubmitButton } from "~/components/forms/form";

type Translate = ReturnType<typeof useTranslations<"webhooks.form">>;

/** Why the server refused, in the reader's language (the API words its messages in Spanish). */
function refusal(t: Translate, error: TRPCClientErrorLike<AppRouter>): string {
  const invalid = error.data?.zodError?.fieldErrors ?? {};
  if ("url" in invalid) return t("invalidUrl");
  if ("events" in invalid) return t("noEvents");
  if ("secret" in invalid) return t("invalidSecret");
  // The one refusal without a field: an address inside the network.
  if (error.data?.code === "BAD_REQUEST") return t("internalAddress");
  return t("failed");
}

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
        url: field(data, "url").trim(),
        events: data.getAll("events").map(String) as (typeof WEBHOOK_EVENTS)[number][],
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
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-url`} className="text-sm font-medium text-slate-800">
              {t("url")}
            </label>
            <Input id={`${id}-url`} name="url" type="url" required maxLength={2000} placeholder="https://" />
          </div>
          <fieldset className="flex flex-col gap-1">
            <legend className="text-sm font-medium text-slate-800">{t("events")}</legend>
            {WEBHOOK_EVENTS.map((event) => (
              <label key={event} className="flex items-center gap-2 text-sm text-slate-800">
                <input type="checkbox" name="events" value={event} defaultChecked className="size-4" />
                <code>{event}</code>
              </label>
            ))}
          </fieldset>
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
          {refusal(t, create.error)}
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
