"use client";

import { Button } from "@atiende/ui";
import type { ReactNode, RefObject } from "react";
import { useTranslations } from "use-intl";

/**
 * The conversation's details below the wide layout, sliding over the thread from the right. A
 * native modal dialog: focus stays inside, Escape closes it, and focus goes back to the button
 * that opened it.
 */
export function DetailsDrawer(props: { dialogRef: RefObject<HTMLDialogElement | null>; children: ReactNode }) {
  const t = useTranslations("console.details");
  return (
    <dialog
      ref={props.dialogRef}
      aria-labelledby="details-drawer-title"
      className="m-0 ml-auto h-dvh max-h-dvh w-80 max-w-[calc(100vw-2rem)] flex-col bg-white shadow-xl backdrop:bg-slate-900/40 open:flex"
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2">
        <h2 id="details-drawer-title" className="font-semibold">
          {t("title")}
        </h2>
        <Button size="sm" variant="ghost" className="px-2" onClick={() => props.dialogRef.current?.close()}>
          {t("close")}
        </Button>
      </div>
      {props.children}
    </dialog>
  );
}
