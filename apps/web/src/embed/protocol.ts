/**
 * What the loader on the host page (widget.js) and the chat in its frame (/embed) say to each other
 * through `postMessage`. Each side checks the other's exact origin and window before reading a
 * message, and names the other's exact origin when it posts one.
 */

/** Marks our messages among whatever else a host page posts around. */
export const PROTOCOL = "atiende-embed-1";

export type HostContext = Record<string, string | number | boolean>;

/** From the loader to the frame. */
export type ToFrame =
  | { protocol: typeof PROTOCOL; type: "config"; context?: HostContext; pageTitle: string; locale?: string }
  | { protocol: typeof PROTOCOL; type: "token"; requestId: number; token: string | null }
  | { protocol: typeof PROTOCOL; type: "visibility"; open: boolean }
  | { protocol: typeof PROTOCOL; type: "logout" };

/** From the frame to the loader. */
export type ToHost =
  | { protocol: typeof PROTOCOL; type: "hello" }
  | { protocol: typeof PROTOCOL; type: "token-request"; requestId: number }
  | { protocol: typeof PROTOCOL; type: "ready" }
  | { protocol: typeof PROTOCOL; type: "signed-out" }
  | { protocol: typeof PROTOCOL; type: "unread"; count: number }
  | { protocol: typeof PROTOCOL; type: "close" };

type Body<T> = T extends unknown ? Omit<T, "protocol"> : never;
export type ToFrameBody = Body<ToFrame>;
export type ToHostBody = Body<ToHost>;

export const isProtocolMessage = (data: unknown): data is { protocol: string; type: string } =>
  typeof data === "object" && data !== null && (data as { protocol?: unknown }).protocol === PROTOCOL;
