import { redirect } from "next/navigation";

import { CandidateChat } from "~/components/chat/candidate-chat";
import { Navbar } from "~/components/shell/navbar";
import { env } from "~/env";
import { getTranslations } from "~/i18n/locale";
import { getSessionUser } from "~/server/auth";

export async function generateMetadata() {
  const t = await getTranslations();
  return { title: t("chat.pageTitle") };
}

export default async function ChatSoportePage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?callbackUrl=/chat-soporte");
  return (
    <div className="flex h-dvh flex-col">
      <Navbar name={user.name} />
      <CandidateChat
        viewerId={user.id}
        maxLength={env.SUPPORT_CHAT_MAX_MESSAGE_LENGTH}
        attachments={{ mimeTypes: env.SUPPORT_CHAT_ATTACHMENT_MIMES, maxBytes: env.SUPPORT_CHAT_ATTACHMENT_MAX_BYTES }}
      />
    </div>
  );
}
