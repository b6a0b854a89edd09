"use client";

import { Button } from "@atiende/ui";
import { useId, useState } from "react";
import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";

import { EndpointEditForm } from "./endpoint-edit-form";

/** The endpoints events go to; each may be edited, paused, resumed or removed (its log stays). */
export function EndpointList() {
  const t = useTranslations("webhooks.endpoints");
  const id = useId();
  const utils = api.useUtils();
  const endpoints = api.webhook.list.useQuery();
  const refresh = () => utils.webhook.list.invalidate();
  const update = api.webhook.update.useMutation({ onSuccess: refresh });
  const remove = api.webhook.remove.useMutation({ onSuccess: refresh });
  const [editing, setEditing] = useState<string | null>(null);
  const editButtonId = (endpointId: string) => `${id}-edit-${endpointId}`;
  // Closing the form gives the focus back to the button that opened it, not to the page.
  const closeEditor = (endpointId: string) => {
    setEditing(null);
    requestAnimationFrame(() => document.getElementById(editButtonId(endpointId))?.focus());
  };

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
        {t("title")}
      </h2>
      {endpoints.isError ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {t("error")}
        </p>
      ) : null}
      {endpoints.data?.length === 0 ? <p className="mt-3 text-sm text-slate-700">{t("empty")}</p> : null}
      <ul className="mt-3 flex flex-col divide-y divide-slate-200">
        {endpoints.data?.map((endpoint) => (
          <li key={endpoint.id} className="flex flex-col gap-2 py-3">
            <div className="flex flex-wrap items-center gap-2">
              <span className="min-w-0 break-all font-mono text-sm text-slate-900">{endpoint.url}</span>
              <span className={endpoint.enabled ? "rounded bg-green-100 px-2 text-xs text-green-900" : "rounded bg-slate-200 px-2 text-xs text-slate-800"}>
                {endpoint.enabled ? t("enabled") : t("paused")}
              </span>
              {endpoint.fromEnv ? <span className="rounded bg-indigo-100 px-2 text-xs text-indigo-900">{t("fromEnv")}</span> : null}
            </div>
            <p className="text-xs text-slate-700">
              {endpoint.events.join(", ")} · {t("secretHint", { hint: endpoint.secretHint })}
            </p>
            {editing === endpoint.id ? <EndpointEditForm endpoint={endpoint} onDone={() => closeEditor(endpoint.id)} /> : null}
            {endpoint.fromEnv ? null : (
              <div className="flex flex-wrap gap-2">
                <Button
                  id={editButtonId(endpoint.id)}
                  variant="secondary"
                  size="sm"
                  aria-expanded={editing === endpoint.id}
                  aria-label={t("editLabel", { url: endpoint.url })}
                  onClick={() => setEditing(editing === endpoint.id ? null : endpoint.id)}
                >
                  {t("edit")}
                </Button>
                <Button
                  variant="secondary"
                  size="sm"
                  disabled={update.isPending}
                  aria-label={t(endpoint.enabled ? "pauseLabel" : "resumeLabel", { url: endpoint.url })}
                  onClick={() => update.mutate({ id: endpoint.id, enabled: !endpoint.enabled })}
                >
                  {endpoint.enabled ? t("pause") : t("resume")}
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  disabled={remove.isPending}
                  aria-label={t("removeLabel", { url: endpoint.url })}
                  onClick={() => remove.mutate({ id: endpoint.id })}
                >
                  {t("remove")}
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
