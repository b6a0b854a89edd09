import { AuditLog } from "~/components/admin/audit-log";

export const metadata = { title: "Auditoría · Atiende" };

export default function AuditPage() {
  return <AuditLog />;
}
