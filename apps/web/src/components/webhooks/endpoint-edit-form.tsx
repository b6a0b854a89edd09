"use client";

import type { RouterOutputs } from "@atiende/api";
import { Button } from "@atiende/ui";
import type { FormEvent } from "react";
import { useId } from "react";
import { useTranslations } from "use-intl";

import { Form, SubmitButton } from "~/components/forms/form";
import { useHydrated } from "~/components/i18n/use-hydrated";
import { api } from "~/trpc/react";

import { EndpointFields, endpointFields, refusal } from "./endpoint-fields";

type Endpoint = RouterOutputs["webhook"]["list"][number];

/** Changes where an endpoint's events go and which events they are; its secret stays. */
export function EndpointEditForm({ endpoint, onDone }: { endpoint: Endpoint; onDone: () => void }) {
  const t = useTranslations("webhooks.form");
  const id = useId();
  const hydrated = useHydrated();
  const utils = api.useUtils();
  const update = api.webhook.update.useMutation({
    onSuccess: async () => {
      await utils.webhook.list.invalidate();
      onDone();
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate({ id: endpoint.id, ...endpointFields(new FormData(event.currentTarget)) });
  };

  return (
    <Form
      onSubmit={onSubmit}
      aria-label={t("editTitle", { url: endpoint.url })}
      className="flex flex-col gap-4 rounded-md border border-slate-200 p-3"
    >
      <fieldset disabled={!hydrated || update.isPending} className="flex flex-col gap-4">
        <EndpointFields id={id} url={endpoint.url} events={endpoint.events} />
        <div className="flex gap-2">
          <SubmitButton size="sm">{update.isPending ? t("saving") : t("save")}</SubmitButton>
          <Button variant="ghost" size="sm" onClick={onDone}>
            {t("cancel")}
          </Button>
        </div>
      </fieldset>
      {update.error ? (
        <p role="alert" className="text-sm text-red-700">
          {refusal(t, update.error, t("saveFailed"))}
        </p>
      ) : null}
    </Form>
  );
}
