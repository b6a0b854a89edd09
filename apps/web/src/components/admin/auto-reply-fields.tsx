"use client";

import { useId, useState } from "react";
import { useTranslations } from "use-intl";

const AREA = "rounded-md border border-slate-300 px-3 py-2 text-sm font-normal";

/**
 * The automatic answer outside business hours, inside the hours form: on/off and one text per
 * language (as Intercom's and Zendesk's office-hours replies), English optional.
 */
export function AutoReplyFields(props: { enabled: boolean; es: string; en: string }) {
  const t = useTranslations("admin.hours.autoReply");
  const id = useId();
  // The Spanish text is needed only while the answer is on.
  const [on, setOn] = useState(props.enabled);
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-3" aria-describedby={`${id}-hint`}>
      <legend className="px-1 text-sm font-semibold">{t("title")}</legend>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {t("hint")}
      </p>
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" name="autoReplyEnabled" checked={on} onChange={(event) => setOn(event.target.checked)} className="size-4" />
        {t("enabled")}
      </label>
      {/* Labels beside, not around, the text areas: a label's text would take in the area's text. */}
      <div className="flex flex-col gap-1 text-sm font-medium">
        <label htmlFor={`${id}-es`}>{t("es")}</label>
        <textarea id={`${id}-es`} name="autoReplyEs" required={on} maxLength={1000} rows={3} defaultValue={props.es} placeholder={t("esPlaceholder")} className={AREA} />
      </div>
      <div className="flex flex-col gap-1 text-sm font-medium">
        <label htmlFor={`${id}-en`}>{t("en")}</label>
        <textarea id={`${id}-en`} name="autoReplyEn" maxLength={1000} rows={3} defaultValue={props.en} placeholder={t("enPlaceholder")} className={AREA} aria-describedby={`${id}-en-hint`} />
        <span id={`${id}-en-hint`} className="text-xs font-normal text-slate-600">
          {t("enHint")}
        </span>
      </div>
    </fieldset>
  );
}
