"use client";

import type { AppRouter } from "@atiende/api";
import { Input } from "@atiende/ui";
import { TRPCClientError } from "@trpc/client";
import { signIn } from "next-auth/react";
import type { FormEvent } from "react";
import { useState } from "react";
import { useTranslations } from "use-intl";

import { Form, SubmitButton } from "~/components/forms/form";
import { api } from "~/trpc/react";

type Status = { kind: "idle" } | { kind: "done" } | { kind: "error"; message: string };
type Translate = ReturnType<typeof useTranslations<"profile">>;

/** Why the server refused, in the reader's language (the API words its messages in Spanish). */
function refusal(t: Translate, error: unknown): string {
  const data = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data : undefined;
  if (data?.code === "TOO_MANY_REQUESTS") return t("rateLimited", { seconds: data.retryAfterSeconds ?? 60 });
  // The form checks lengths and repeats, and only shows for accounts with a password of their
  // own: what the server can still refuse is a wrong current password.
  if (data?.code === "BAD_REQUEST" && !data.zodError) return t("wrongCurrent");
  return t("failed");
}

/**
 * Changes the signed-in person's password. The change ends every session, this one included, so
 * the form signs this browser in again with the new password right away.
 */
export function ChangePasswordForm({ email }: { email: string }) {
  const t = useTranslations("profile");
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const change = api.user.changePassword.useMutation();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const field = (name: string) => {
      const value = data.get(name);
      return typeof value === "string" ? value : "";
    };
    const currentPassword = field("currentPassword");
    const newPassword = field("newPassword");
    if (newPassword !== field("confirmPassword")) {
      setStatus({ kind: "error", message: t("mismatch") });
      return;
    }
    if (newPassword === currentPassword) {
      setStatus({ kind: "error", message: t("samePassword") });
      return;
    }
    setStatus({ kind: "idle" });
    try {
      await change.mutateAsync({ currentPassword, newPassword });
    } catch (error) {
      setStatus({ kind: "error", message: refusal(t, error) });
      return;
    }
    await signIn("credentials", { email, password: newPassword, redirect: false });
    form.reset();
    setStatus({ kind: "done" });
  }

  const describedBy = status.kind === "idle" ? "password-hint" : "password-hint password-status";
  return (
    <Form onSubmit={(event) => void onSubmit(event)} className="mt-10 max-w-md space-y-4" aria-describedby={describedBy}>
      <h2 className="text-lg font-semibold">{t("passwordTitle")}</h2>
      <p id="password-hint" className="text-sm text-slate-600">
        {t("passwordHint")}
      </p>
      {(
        [
          ["currentPassword", t("currentPassword"), "current-password"],
          ["newPassword", t("newPassword"), "new-password"],
          ["confirmPassword", t("confirmPassword"), "new-password"],
        ] as const
      ).map(([name, label, autoComplete]) => (
        <div key={name} className="space-y-1">
          <label htmlFor={name} className="text-sm font-medium">
            {label}
          </label>
          <Input
            id={name}
            name={name}
            type="password"
            autoComplete={autoComplete}
            required
            minLength={name === "currentPassword" ? 1 : 8}
            maxLength={1024}
          />
        </div>
      ))}
      {status.kind === "error" && (
        <p id="password-status" role="alert" className="text-sm text-red-700">
          {status.message}
        </p>
      )}
      {status.kind === "done" && (
        <p id="password-status" role="status" className="text-sm text-green-800">
          {t("changed")}
        </p>
      )}
      <SubmitButton disabled={change.isPending}>
        {change.isPending ? t("submitting") : t("submit")}
      </SubmitButton>
    </Form>
  );
}
