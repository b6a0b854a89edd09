/**
 * The service worker (served as /sw.js, scope "/"; built by scripts/build-embed.mjs). It only shows
 * the server's pushes and opens their conversation: no caching, no fetch handler, so the app behaves
 * exactly as without it. Its own CSP is the API's (default-src 'none'): it loads nothing.
 */

// The few Service Worker types used here: the app's tsconfig is the DOM's, not the worker's.
interface WindowClientLike {
  url: string;
  focus(): Promise<unknown>;
  navigate(url: string): Promise<unknown>;
}
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface PushEventLike extends ExtendableEventLike {
  data: { json(): unknown } | null;
}
interface NotificationEventLike extends ExtendableEventLike {
  notification: Notification;
}
interface WorkerScope {
  location: Location;
  registration: ServiceWorkerRegistration;
  clients: {
    matchAll(options: {
      type: "window";
      includeUncontrolled: boolean;
    }): Promise<WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: "push", listener: (event: PushEventLike) => void): void;
  addEventListener(
    type: "notificationclick",
    listener: (event: NotificationEventLike) => void,
  ): void;
  addEventListener(
    type: "install" | "activate",
    listener: (event: ExtendableEventLike) => void,
  ): void;
}

const worker = self as unknown as WorkerScope;

/** A URL of this origin, or the app's root: a push never sends anyone elsewhere. */
function sameOrigin(url: unknown): string {
  try {
    const resolved = new URL(typeof url === "string" ? url : "/", worker.location.origin);
    return resolved.origin === worker.location.origin
      ? resolved.href
      : `${worker.location.origin}/`;
  } catch {
    return `${worker.location.origin}/`;
  }
}

const text = (value: unknown, max: number) =>
  typeof value === "string" ? value.slice(0, max) : "";

worker.addEventListener("install", (event) => event.waitUntil(worker.skipWaiting()));
worker.addEventListener("activate", (event) => event.waitUntil(worker.clients.claim()));

worker.addEventListener("push", (event) => {
  let data: Record<string, unknown> = {};
  try {
    const parsed = event.data?.json();
    if (parsed && typeof parsed === "object") data = parsed as Record<string, unknown>;
  } catch {
    // Not ours or damaged: still show something, as browsers require of every push.
  }
  const title = text(data.title, 200) || "Atiende";
  event.waitUntil(
    worker.registration.showNotification(title, {
      body: text(data.body, 500),
      // One notification per conversation: a newer message replaces the older one.
      tag: text(data.tag, 100) || undefined,
      data: { url: sameOrigin(data.url) },
    }),
  );
});

worker.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data: unknown = event.notification.data;
  const url = sameOrigin(
    data && typeof data === "object" ? (data as { url?: unknown }).url : undefined,
  );
  event.waitUntil(
    (async () => {
      // A tab of the app already open goes to the conversation; else a new one opens.
      const windows = await worker.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open =
        windows.find((client) => client.url === url) ??
        windows.find((client) => new URL(client.url).origin === worker.location.origin);
      if (open) {
        // Focusing needs the click's permission, navigating does not: neither waits for the other.
        const [, navigated] = await Promise.allSettled([
          open.focus(),
          open.url === url ? null : open.navigate(url),
        ]);
        if (navigated.status === "fulfilled") return;
      }
      await worker.clients.openWindow(url);
    })(),
  );
});

export {};
