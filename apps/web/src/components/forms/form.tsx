"use client";

import type { ButtonProps } from "@atiende/ui";
import { Button } from "@atiende/ui";
import type { ComponentProps } from "react";

import { useHydrated } from "~/components/i18n/use-hydrated";

/*
 * Before the page's scripts have run (a slow first load, or no JavaScript at all) a browser submits
 * a form by itself: with the default GET, every field, a password too, lands in the URL, the
 * history and the server's access log. These two components are how every form of the app is
 * written (ESLint refuses a bare <form>), so that cannot happen.
 */

/**
 * A form that cannot be sent natively: POST keeps any field out of the URL should it ever be, and
 * until hydration a hidden disabled submit button is the form's default button, so pressing Enter
 * in a field does nothing (HTML's implicit submission only clicks an enabled default button).
 */
export function Form({ children, ...props }: Omit<ComponentProps<"form">, "method" | "action">) {
  const hydrated = useHydrated();
  return (
    <form method="post" {...props}>
      {!hydrated && <button type="submit" disabled hidden aria-hidden tabIndex={-1} />}
      {children}
    </form>
  );
}

/** The submit button of a `Form`: disabled until the page is hydrated, so a click sends nothing natively. */
export function SubmitButton({ disabled, ...props }: Omit<ButtonProps, "type">) {
  const hydrated = useHydrated();
  return <Button type="submit" disabled={!hydrated || disabled} {...props} />;
}
