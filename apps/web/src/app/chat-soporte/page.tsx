import { redirect } from "next/navigation";

import { CandidateChat } from "~/components/chat/candidate-chat";
import { Navbar } from "~/components/shell/navbar";
import { getTranslations } from "~/i18n/locale";
import { getPageUser } from "~/server/auth";
import { chatLimits } from "~/server/chat-limits";
import { conversationParam, signInFor } from "~/server/conversation-link";

export async function generateMetadata() {
  const t = await getTranslations();
  return { title: t("chat.pageTitle") };
}

export default async function ChatSoportePage(props: { searchParams: Promise<{ conversation?: string | string[] }> }) {
  const conversation = conversationParam((await props.searchParams).conversation);
  const user = await getPageUser();
  if (!user) redirect(signInFor("/chat-soporte", conversation));
  return (
    <div className="flex h-dvh flex-col">
      <Navbar name={user.name} />
      <CandidateChat
        viewerId={user.id}
        initialConversationId={conversation}
        {...chatLimits()}
      />
    </div>
  );
}
