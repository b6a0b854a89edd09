import { Suspense } from "react";

import { LocaleSwitcher } from "~/components/i18n/locale-switcher";
import { SignInForm } from "~/components/sign-in/sign-in-form";

export default function SignInPage() {
  return (
    <main className="relative flex min-h-screen items-center justify-center px-4">
      <LocaleSwitcher className="absolute top-4 right-4 flex items-center" />
      <Suspense>
        <SignInForm />
      </Suspense>
    </main>
  );
}
