"use client";

import { Button } from "@atiende/ui";
import type { RefObject } from "react";
import { useTranslations } from "use-intl";

export const SHORTCUTS = [
  ["j", "next"],
  ["k", "previous"],
  ["r", "reply"],
  ["n", "note"],
  ["e", "resolve"],
  ["a", "assignToMe"],
  ["l", "labels"],
  ["/", "search"],
  ["?", "help"],
] as const;

/** The `?` overlay: every shortcut of the console. A native modal dialog: focus and Escape work. */
export function ShortcutsHelp({ dialogRef }: { dialogRef: RefObject<HTMLDialogElement | null> }) {
  const t = useTranslations("console.shortcuts");
  return (
    <dialog ref={dialogRef} aria-labelledby="shortcuts-title" className="m-auto w-80 rounded-lg p-5 shadow-xl backdrop:bg-slate-900/40">
      <h2 id="shortcuts-title" className="mb-3 text-lg font-bold">
        {t("title")}
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {SHORTCUTS.map(([key, action]) => (
          <div key={key} className="contents">
            <dt>
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono">{key}</kbd>
            </dt>
            <dd>{t(action)}</dd>
          </div>
        ))}
        <dt>
          <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono">/…</kbd>
        </dt>
        <dd>{t("savedReply")}</dd>
      </dl>
      <form method="dialog" className="mt-4 text-right">
        <Button type="submit" size="sm" variant="secondary">
          {t("close")}
        </Button>
      </form>
    </dialog>
  );
}
