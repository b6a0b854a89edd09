import { redirect } from "next/navigation";

import { CandidateChat } from "~/components/chat/candidate-chat";
import { Navbar } from "~/components/shell/navbar";
import { getTranslations } from "~/i18n/locale";
import { getPageUser } from "~/server/auth";
import { chatLimits } from "~/server/chat-limits";

export async function generateMetadata() {
  const t = await getTranslations();
  return { title: t("chat.pageTitle") };
}

export default async function ChatSoportePage() {
  const user = await getPageUser();
  if (!user) redirect("/sign-in?callbackUrl=/chat-soporte");
  return (
    <div className="flex h-dvh flex-col">
      <Navbar name={user.name} />
      <CandidateChat
        viewerId={user.id}
        {...(await chatLimits())}
      />
    </div>
  );
}
