"use client";

import { Button } from "@atiende/ui";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslations } from "use-intl";

import { api } from "~/trpc/react";

export interface PasswordDialogState {
  person: { id: string; name: string };
  /** Set for a new account (shown at once); a reset asks first and then fetches it. */
  createdPassword?: string;
}

/**
 * A temporary password, shown to the admin once: for a new account, or after confirming a reset.
 * Closing it forgets the password; the person must change it at their next sign-in.
 */
export function PasswordDialog({ state, onClose }: { state: PasswordDialogState; onClose: () => void }) {
  const t = useTranslations("admin.people.password");
  const tPeople = useTranslations("admin.people");
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const reset = api.user.resetPassword.useMutation();
  const [copied, setCopied] = useState(false);
  const password = state.createdPassword ?? reset.data?.temporaryPassword;
  const name = state.person.name;

  const closeId = useId();

  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    // A new account's password is there from the start: the focus goes to "Cerrar" (autoFocus
    // fires before the dialog is open, so it cannot). A reset's confirmation keeps the default.
    document.getElementById(closeId)?.focus();
    return () => dialog?.close();
  }, [closeId]);

  const title = password
    ? t(state.createdPassword ? "createdTitle" : "resetTitle", { name })
    : t("confirmTitle", { name });
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto w-[30rem] max-w-[95vw] rounded-lg p-5 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id={titleId} className="text-lg font-bold">
        {title}
      </h2>
      {password ? (
        <>
          <p className="mt-2 text-sm text-slate-700">{t("once", { name })}</p>
          <p className="mt-3 text-sm font-medium">{t("label")}</p>
          <div className="mt-1 flex items-center gap-2">
            <output aria-label={t("label")} className="flex-1 rounded-md bg-slate-100 px-3 py-2 font-mono text-base select-all">
              {password}
            </output>
            <Button
              variant="secondary"
              onClick={() => void navigator.clipboard?.writeText(password).then(() => setCopied(true))}
            >
              {copied ? t("copied") : t("copy")}
            </Button>
          </div>
          <div className="mt-4 flex justify-end">
            <Button id={closeId} autoFocus onClick={() => ref.current?.close()}>
              {t("close")}
            </Button>
          </div>
        </>
      ) : (
        <>
          <p className="mt-2 text-sm text-slate-700">{t("confirmBody")}</p>
          {reset.error && (
            <p role="alert" className="mt-2 text-sm text-red-700">
              {tPeople("failed")}
            </p>
          )}
          <div className="mt-4 flex justify-end gap-2">
            <Button variant="ghost" onClick={() => ref.current?.close()}>
              {t("cancel")}
            </Button>
            <Button disabled={reset.isPending} onClick={() => reset.mutate({ userId: state.person.id })}>
              {t("confirm")}
            </Button>
          </div>
        </>
      )}
    </dialog>
  );
}
