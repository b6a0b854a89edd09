import { redirect } from "next/navigation";

import { SupportConsole } from "~/components/console/support-console";
import { getPageUser } from "~/server/auth";
import { chatLimits } from "~/server/chat-limits";
import { conversationParam, signInFor } from "~/server/conversation-link";

export const metadata = { title: "Comunicación · Atiende" };

export default async function CommunicationPage(props: { searchParams: Promise<{ conversation?: string | string[] }> }) {
  const conversation = conversationParam((await props.searchParams).conversation);
  const user = await getPageUser();
  if (!user) redirect(signInFor("/support/communication", conversation));
  return <SupportConsole viewer={{ id: user.id, name: user.name }} initialConversationId={conversation} {...(await chatLimits())} />;
}
