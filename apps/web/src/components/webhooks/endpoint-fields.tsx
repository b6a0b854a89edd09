"use client";

import type { AppRouter } from "@atiende/api";
import type { WebhookEvent } from "@atiende/api/contract";
import { WEBHOOK_EVENTS } from "@atiende/api/contract";
import { Input } from "@atiende/ui";
import type { TRPCClientErrorLike } from "@trpc/client";
import { useTranslations } from "use-intl";

import { field } from "~/components/console/form-field";

type Translate = ReturnType<typeof useTranslations<"webhooks.form">>;

/** Why the server refused, in the reader's language (the API words its messages in Spanish). */
export function refusal(
  t: Translate,
  error: TRPCClientErrorLike<AppRouter>,
  failed: string,
): string {
  const invalid = error.data?.zodError?.fieldErrors ?? {};
  if ("url" in invalid) return t("invalidUrl");
  if ("events" in invalid) return t("noEvents");
  if ("secret" in invalid) return t("invalidSecret");
  // The one refusal without a field: an address inside the network.
  if (error.data?.code === "BAD_REQUEST") return t("internalAddress");
  return failed;
}

/** The URL and events a form of these fields sent. */
export const endpointFields = (data: FormData) => ({
  url: field(data, "url").trim(),
  events: data.getAll("events").map(String) as WebhookEvent[],
});

/** An endpoint's URL and the events it subscribes to: the fields creating and editing share. */
export function EndpointFields({
  id,
  url,
  events,
}: {
  id: string;
  url?: string;
  events?: readonly string[];
}) {
  const t = useTranslations("webhooks.form");
  return (
    <>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-url`} className="text-sm font-medium text-slate-800">
          {t("url")}
        </label>
        <Input
          id={`${id}-url`}
          name="url"
          type="url"
          required
          maxLength={2000}
          placeholder="https://"
          defaultValue={url}
        />
      </div>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-medium text-slate-800">{t("events")}</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              name="events"
              value={event}
              defaultChecked={events?.includes(event) ?? true}
              className="size-4"
            />
            <code>{event}</code>
          </label>
        ))}
      </fieldset>
    </>
  );
}
