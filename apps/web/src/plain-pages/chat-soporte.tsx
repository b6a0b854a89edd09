/**
 * /chat-soporte's script (served as /chat/chat-soporte.js; see app/chat-soporte/route.ts): the
 * app's top bar and the candidate's chat, the same components the Next pages render, on Preact.
 */
import { createRoot } from "react-dom/client";
import { IntlProvider } from "use-intl";

import { CandidateChat } from "~/components/chat/candidate-chat";
import { Navbar } from "~/components/shell/navbar";
import { useReaderTimeZone } from "~/i18n/use-reader-time-zone";
import { TRPCReactProvider } from "~/trpc/react";
import messages from "virtual:messages?app,chat,shell,locale";
import type { ChatPageConfig } from "./page-config";
import { readPageConfig } from "./page-config";

const page = readPageConfig<ChatPageConfig>();

function ChatPage() {
  const timeZone = useReaderTimeZone(page.timeZone);
  return (
    <IntlProvider locale={page.locale} messages={messages[page.locale]} timeZone={timeZone}>
      <TRPCReactProvider>
        <div className="flex h-dvh flex-col">
          <Navbar name={page.viewer.name} />
          <CandidateChat
            viewerId={page.viewer.id}
            initialConversationId={page.conversationId}
            maxLength={page.maxLength}
            attachments={page.attachments}
            editWindowSeconds={page.editWindowSeconds}
          />
        </div>
      </TRPCReactProvider>
    </IntlProvider>
  );
}

createRoot(document.getElementById("root") ?? document.body).render(<ChatPage />);
