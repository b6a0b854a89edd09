"use client";

import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";
import type { AbstractIntlMessages } from "use-intl";
import { IntlProvider } from "use-intl";

import { TRPCReactProvider } from "~/trpc/react";

export function Providers(props: {
  locale: string;
  messages: AbstractIntlMessages;
  children: ReactNode;
}) {
  // The browser's own time zone: times show as the person's clock reads.
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <SessionProvider>
      <IntlProvider locale={props.locale} messages={props.messages} timeZone={timeZone}>
        <TRPCReactProvider>{props.children}</TRPCReactProvider>
      </IntlProvider>
    </SessionProvider>
  );
}
