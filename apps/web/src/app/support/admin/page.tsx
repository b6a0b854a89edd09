import { PeopleAdmin } from "~/components/admin/people-admin";
import { getPageUser } from "~/server/auth";

export const metadata = { title: "Personas · Atiende" };

export default async function PeoplePage() {
  // The admin layout has refused everyone but admins.
  const user = await getPageUser();
  return <PeopleAdmin viewerId={user?.id ?? ""} />;
}
