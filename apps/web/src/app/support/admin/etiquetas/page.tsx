import { LabelsAdmin } from "~/components/admin/labels-admin";

export const metadata = { title: "Etiquetas · Atiende" };

export default function LabelsPage() {
  return <LabelsAdmin />;
}
