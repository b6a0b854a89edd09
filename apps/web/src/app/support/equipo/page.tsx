import { TeamView } from "~/components/team/team-view";
import { getPageUser } from "~/server/auth";

export const metadata = { title: "Equipo · Atiende" };

export default async function TeamPage() {
  // The support layout has refused everyone but staff.
  const user = await getPageUser();
  return <TeamView viewerId={user?.id ?? ""} />;
}
