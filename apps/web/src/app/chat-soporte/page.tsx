import { redirect } from "next/navigation";

import { CandidateChat } from "~/components/chat/candidate-chat";
import { Navbar } from "~/components/shell/navbar";
import { env } from "~/env";
import { getSessionUser } from "~/server/auth";

export const metadata = { title: "Chat de soporte · Atiende" };

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
