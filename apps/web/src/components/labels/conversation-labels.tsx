"use client";

import type { RouterOutputs } from "@atiende/api";
import { buttonVariants, cn } from "@atiende/ui";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";
import { LabelChip } from "./label-chip";

type LabelView = RouterOutputs["label"]["list"][number];

/**
 * A conversation's labels in the thread's header: each with a button to take it off, and a
 * picker to put labels on or take them off (`openRequest` changing opens it: the `l` shortcut).
 */
export function ConversationLabels(props: { conversationId: string; labels: LabelView[]; openRequest: number }) {
  const t = useTranslations("labels");
  const id = useId();
  const [open, setOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const pickerRef = useRef<HTMLDivElement>(null);
  const all = api.label.list.useQuery(undefined, { staleTime: 60_000 });
  const utils = api.useUtils();
  const refresh = () =>
    Promise.all([utils.conversation.get.invalidate({ id: props.conversationId }), utils.conversation.list.invalidate()]);
  const attach = api.label.attach.useMutation({ onSettled: refresh });
  const detach = api.label.detach.useMutation({ onSettled: refresh });
  const on = new Set(props.labels.map((label) => label.id));

  useEffect(() => {
    if (props.openRequest > 0) setOpen(true);
  }, [props.openRequest]);
  useEffect(() => {
    if (open) pickerRef.current?.querySelector("input")?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    toggleRef.current?.focus();
  };
  const set = (labelId: string, checked: boolean) =>
    (checked ? attach : detach).mutate({ conversationId: props.conversationId, labelId });

  return (
    <div className="relative flex flex-wrap items-center gap-1">
      <ul aria-label={t("onConversation")} className="contents">
        {props.labels.map((label) => (
          <li key={label.id}>
            <LabelChip name={label.name} color={label.color}>
              <button
                type="button"
                aria-label={t("removeFrom", { name: label.name })}
                className="-mr-0.5 rounded px-0.5 hover:bg-black/10 focus-visible:outline-2 focus-visible:outline-indigo-600"
                onClick={() => set(label.id, false)}
              >
                <span aria-hidden>×</span>
              </button>
            </LabelChip>
          </li>
        ))}
      </ul>
      <button
        ref={toggleRef}
        type="button"
        className={cn(buttonVariants({ size: "sm", variant: "ghost" }), "h-6 px-1.5 text-xs")}
        aria-expanded={open}
        aria-controls={open ? `${id}-picker` : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        + {t("add")}
      </button>
      {open && (
        <div
          ref={pickerRef}
          id={`${id}-picker`}
          role="group"
          aria-label={t("toggle")}
          className="absolute top-full left-0 z-20 mt-1 w-64 rounded-md border border-slate-200 bg-white p-2 shadow-lg"
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.stopPropagation();
              close();
            }
          }}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget) && event.relatedTarget !== toggleRef.current) setOpen(false);
          }}
        >
          {all.data?.length === 0 && <p className="p-1 text-sm text-slate-600">{t("noneDefined")}</p>}
          <ul className="max-h-64 overflow-y-auto">
            {all.data?.map((label) => (
              <li key={label.id}>
                <label className="flex cursor-pointer items-center gap-2 rounded px-1 py-1 hover:bg-slate-50">
                  <input type="checkbox" checked={on.has(label.id)} onChange={(event) => set(label.id, event.target.checked)} />
                  <LabelChip name={label.name} color={label.color} />
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
