"use client";

import { Input } from "@atiende/ui";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import type { FormEvent } from "react";
import { useState } from "react";
import { useTranslations } from "use-intl";

import { Form, SubmitButton } from "~/components/forms/form";
import { useCountdown } from "./use-countdown";

export function SignInForm() {
  const t = useTranslations("signIn");
  const router = useRouter();
  const params = useSearchParams();
  const [invalid, setInvalid] = useState(false);
  // After too many attempts: the seconds still to wait, during which the form stays disabled.
  const [retryIn, startWait] = useCountdown();
  const [waitedFor, setWaitedFor] = useState(0);
  const [pending, setPending] = useState(false);
  const error = invalid ? "invalid" : retryIn > 0 ? "limited" : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const field = (name: string) => {
      const value = new FormData(event.currentTarget).get(name);
      return typeof value === "string" ? value : "";
    };
    setPending(true);
    setInvalid(false);
    const result = await signIn("credentials", {
      email: field("email"),
      password: field("password"),
      redirect: false,
    });
    setPending(false);
    if (!result?.ok) {
      const limited = result?.error?.match(/^RateLimited:(\d+)$/);
      if (result?.status === 429 || limited) {
        const seconds = Number(limited?.[1] ?? 60);
        setWaitedFor(seconds);
        startWait(seconds);
      } else setInvalid(true);
      return;
    }
    // Only same-site paths: an open redirect would hand the session to someone else's page.
    const next = params.get("callbackUrl") ?? "/";
    router.replace(next.startsWith("/") && !next.startsWith("//") ? next : "/");
    router.refresh();
  }

  return (
    <Form
      onSubmit={(event) => void onSubmit(event)}
      className="w-full max-w-sm space-y-5 rounded-xl border border-slate-200 bg-white p-8 shadow-sm"
      aria-describedby={error ? "sign-in-error" : undefined}
    >
      <div>
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("subtitle")}</p>
      </div>
      <div className="space-y-1">
        <label htmlFor="email" className="text-sm font-medium">
          {t("email")}
        </label>
        <Input id="email" name="email" type="email" autoComplete="email" required />
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className="text-sm font-medium">
          {t("password")}
        </label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error === "invalid" && (
        <p id="sign-in-error" role="alert" className="text-sm text-red-700">
          {t("invalid")}
        </p>
      )}
      {error === "limited" && (
        <div id="sign-in-error" className="text-sm text-red-700">
          {/* Announced once, with the wait as it was then: an alert whose text changed every second
              would be read out every second. The countdown beside it is for the eyes. */}
          <p role="alert" className="sr-only">
            {t("rateLimited", { seconds: waitedFor })}
          </p>
          <p aria-hidden="true">{t("rateLimited", { seconds: retryIn })}</p>
        </div>
      )}
      <SubmitButton className="w-full" disabled={pending || retryIn > 0}>
        {pending ? t("submitting") : t("submit")}
      </SubmitButton>
      <p className="text-xs text-slate-600">{t("demoHint")}</p>
    </Form>
  );
}
