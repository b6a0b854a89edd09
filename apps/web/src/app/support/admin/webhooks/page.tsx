import { WebhooksAdmin } from "~/components/webhooks/webhooks-admin";

export const metadata = { title: "Webhooks · Atiende" };

/** Admins only: the admin layout refuses everyone else, and the API refuses them anyway. */
export default function WebhooksPage() {
  return <WebhooksAdmin />;
}
