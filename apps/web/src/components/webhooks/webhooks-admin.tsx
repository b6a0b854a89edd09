"use client";

import { useTranslations } from "use-intl";

import { DeliveryLog } from "./delivery-log";
import { EndpointForm } from "./endpoint-form";
import { EndpointList } from "./endpoint-list";

/** `/support/admin/webhooks`: where events go, a new endpoint, and what became of each delivery. */
export function WebhooksAdmin() {
  const t = useTranslations("webhooks");
  return (
    <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50">
      <div className="mx-auto flex max-w-6xl flex-col gap-6 p-4 md:p-6">
        <header className="flex flex-col gap-1">
          <h1 className="text-2xl font-bold text-slate-900">{t("title")}</h1>
          <p className="text-sm text-slate-700">{t("intro")}</p>
        </header>
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <EndpointForm />
          <EndpointList />
        </div>
        <DeliveryLog />
      </div>
    </div>
  );
}
