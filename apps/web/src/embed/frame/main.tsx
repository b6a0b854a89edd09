/**
 * The embedded chat's entry (served as /embed/frame.js): it learns from the page who its host is,
 * asks the host for a token, and renders the candidate's chat with the app's own components.
 */
import type { ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { IntlProvider, useTranslations } from "use-intl";

import { forgetDrafts } from "~/components/chat/drafts";
import { takeBearerTokensFrom } from "~/trpc/bearer";
import { TRPCReactProvider } from "~/trpc/react";
import type { EmbedPageConfig } from "~/plain-pages/page-config";
import { readPageConfig } from "~/plain-pages/page-config";
import messages from "virtual:messages?chat,launcher,embed";
import { EmbeddedChat } from "./embedded-chat";
import { connectToHost } from "./host-link";
import { createEmbedSession } from "./session";

const page = readPageConfig<EmbedPageConfig>();
const locale = page.locale === "en" ? "en" : "es";
const root = createRoot(document.getElementById("root") ?? document.body);
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const show = (content: ReactNode) =>
  root.render(
    <IntlProvider locale={locale} messages={messages[locale]} timeZone={timeZone}>
      {content}
    </IntlProvider>,
  );

function Notice(props: { reason: "notFramed" | "signedOut" }) {
  const t = useTranslations("embed");
  return <p className="m-auto p-6 text-center text-sm text-slate-700">{t(props.reason)}</p>;
}

async function start() {
  if (window.parent === window) return show(<Notice reason="notFramed" />);
  const host = connectToHost(page.hostOrigin);
  const session = createEmbedSession(host.requestToken);
  takeBearerTokensFrom(session.token);

  // The host signed its person out: forget them here too (drafts included), then say so, and the
  // loader replaces this frame with a new one.
  host.onLogout(() => {
    session.forget();
    forgetDrafts();
    root.unmount();
    host.post({ type: "signed-out" });
  });

  const [hostConfig, signedIn] = await Promise.all([host.config(), session.start()]);
  if (!signedIn) {
    host.post({ type: "signed-out" });
    return show(<Notice reason="signedOut" />);
  }
  show(
    <TRPCReactProvider>
      <EmbeddedChat
        host={host}
        hostConfig={hostConfig}
        viewerId={signedIn.user.id}
        maxLength={page.maxLength}
        attachments={page.attachments}
        editWindowSeconds={page.editWindowSeconds}
      />
    </TRPCReactProvider>,
  );
  host.post({ type: "ready" });
}

void start();
