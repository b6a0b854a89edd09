"use client";

import { useTranslations } from "use-intl";

/** What the host site's page said the conversation is about (embedded chat), as plain text. */
export function HostContext(props: { context: Record<string, string | number | boolean> | null }) {
  const t = useTranslations("console.details");
  const entries = Object.entries(props.context ?? {});
  if (entries.length === 0) return null;
  return (
    <section>
      <h2 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t("hostContext")}</h2>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        {entries.map(([key, value]) => (
          <div key={key} className="contents">
            <dt className="text-slate-600">{key}</dt>
            <dd className="break-all">{typeof value === "boolean" ? t(value ? "yes" : "no") : String(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
