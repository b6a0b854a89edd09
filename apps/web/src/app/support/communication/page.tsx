import { redirect } from "next/navigation";

import { SupportConsole } from "~/components/console/support-console";
import { getPageUser } from "~/server/auth";
import { chatLimits } from "~/server/chat-limits";

export const metadata = { title: "Comunicación · Atiende" };

export default async function CommunicationPage() {
  const user = await getPageUser();
  if (!user) redirect("/sign-in?callbackUrl=/support/communication");
  return <SupportConsole viewer={{ id: user.id, name: user.name }} {...(await chatLimits())} />;
}
