import { redirect } from "next/navigation";

import { SupportConsole } from "~/components/console/support-console";
import { env } from "~/env";
import { getSessionUser } from "~/server/auth";

export const metadata = { title: "Comunicación · Atiende" };

export default async function CommunicationPage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?callbackUrl=/support/communication");
  return <SupportConsole viewer={{ id: user.id, name: user.name }} maxLength={env.SUPPORT_CHAT_MAX_MESSAGE_LENGTH} />;
}
