/**
 * This browser's Web Push subscription, as the server knows it (notification.subscribePush). Only in
 * a top-level page of the app: browsers refuse the permission inside another site's frame, and the
 * embedded chat relies on email.
 */

export type PushState = "unsupported" | "denied" | "off" | "on";

const SCOPE = "/";

export function pushSupported() {
  return (
    typeof window !== "undefined" &&
    window.top === window &&
    window.isSecureContext &&
    "serviceWorker" in navigator &&
    "PushManager" in window &&
    "Notification" in window
  );
}

async function currentSubscription() {
  const registration = await navigator.serviceWorker.getRegistration(SCOPE);
  return (await registration?.pushManager.getSubscription()) ?? null;
}

export async function readPushState(): Promise<PushState> {
  if (!pushSupported()) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  return Notification.permission === "granted" && (await currentSubscription()) ? "on" : "off";
}

/** A short name for this device in the person's list ("Chrome · Linux"), never the whole user agent. */
export function deviceLabel(userAgent: string = navigator.userAgent) {
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "Navegador";
  const system = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Mac OS X/.test(userAgent)
        ? "macOS"
        : /Windows/.test(userAgent)
          ? "Windows"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "";
  return system ? `${browser} · ${system}` : browser;
}

const keyBytes = (base64url: string) => {
  const binary = atob(base64url.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
};

interface PushApi {
  publicKey: () => Promise<string>;
  save: (subscription: {
    endpoint: string;
    keys: { p256dh: string; auth: string };
    label: string;
  }) => Promise<unknown>;
  remove: (endpoint: string) => Promise<unknown>;
}

/** Asks for the permission (after the person's click), registers the worker, subscribes, tells the server. */
export async function turnPushOn(api: PushApi): Promise<PushState> {
  if ((await Notification.requestPermission()) !== "granted")
    return Notification.permission === "denied" ? "denied" : "off";
  const registration = await navigator.serviceWorker.register("/sw.js", { scope: SCOPE });
  await navigator.serviceWorker.ready;
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(await api.publicKey()),
    }));
  const json = subscription.toJSON();
  if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth)
    throw new Error("incomplete subscription");
  await api.save({
    endpoint: json.endpoint,
    keys: { p256dh: json.keys.p256dh, auth: json.keys.auth },
    label: deviceLabel(),
  });
  return "on";
}

/** Stops pushes to this browser: the server forgets it first, so a failure leaves nothing half off. */
export async function turnPushOff(api: PushApi): Promise<PushState> {
  const subscription = await currentSubscription();
  if (subscription) {
    await api.remove(subscription.endpoint);
    await subscription.unsubscribe();
  }
  return "off";
}
