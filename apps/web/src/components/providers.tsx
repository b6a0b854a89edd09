"use client";

import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";
import type { AbstractIntlMessages } from "use-intl";
import { IntlProvider } from "use-intl";

import { useReaderTimeZone } from "~/i18n/use-reader-time-zone";
import { TRPCReactProvider } from "~/trpc/react";

export function Providers(props: {
  locale: string;
  /** The zone the server rendered this page in (see getTimeZone). */
  timeZone: string;
  messages: AbstractIntlMessages;
  children: ReactNode;
}) {
  // Times show as the person's clock reads, once the page has hydrated with the server's zone.
  const timeZone = useReaderTimeZone(props.timeZone);
  return (
    <SessionProvider>
      <IntlProvider locale={props.locale} messages={props.messages} timeZone={timeZone}>
        <TRPCReactProvider>{props.children}</TRPCReactProvider>
      </IntlProvider>
    </SessionProvider>
  );
}
