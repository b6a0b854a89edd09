import type { ApiServices } from "@atiende/api";
import type { UploadStorage } from "@atiende/api/uploads";
import type { WebhookRuntime } from "@atiende/api/webhooks";
import type { DatabaseHandle } from "@atiende/db";

export interface Services extends ApiServices {
  handle: DatabaseHandle;
  uploads: UploadStorage;
  webhooks: WebhookRuntime;
}

// server.ts and Next's route bundles load separate copies of this module; the one process shares
// one set of services (one database, one bus) through globalThis.
const globalForServices = globalThis as unknown as { atiendeServices?: Promise<Services> };

/** The services server.ts started; route handlers and pages call this. */
export function getServices(): Promise<Services> {
  const services = globalForServices.atiendeServices;
  if (!services) throw new Error("Services are not started: run the app through server.ts (pnpm dev / pnpm start)");
  return services;
}

export function provideServices(services: Promise<Services>) {
  globalForServices.atiendeServices = services;
}
