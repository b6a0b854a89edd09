import { BusinessHoursAdmin } from "~/components/admin/business-hours-admin";

export const metadata = { title: "Horario · Atiende" };

/** Admins only: the admin layout refuses everyone else, and the API refuses them anyway. */
export default function BusinessHoursPage() {
  return <BusinessHoursAdmin />;
}
