import { MetricsDashboard } from "~/components/metrics/metrics-dashboard";

export const metadata = { title: "Métricas · Atiende" };

export default function MetricsPage() {
  return <MetricsDashboard renderedAt={Date.now()} />;
}
