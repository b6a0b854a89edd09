import type { Metadata } from "next";
import type { ReactNode } from "react";

import { getLocale, getMessages, getTimeZone } from "~/i18n/locale";
import { Providers } from "~/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Atiende",
  description: "Soporte en tiempo real para candidatos",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, timeZone] = await Promise.all([getLocale(), getTimeZone()]);
  return (
    <html lang={locale}>
      <body>
        <Providers locale={locale} timeZone={timeZone} messages={getMessages(locale)}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
