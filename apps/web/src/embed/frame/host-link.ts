import type { HostContext, ToFrameBody, ToHostBody } from "../protocol";
import { isProtocolMessage, PROTOCOL } from "../protocol";

export interface HostConfig {
  context?: HostContext;
  pageTitle: string;
}

/**
 * The frame's side of the conversation with the loader on the host page. Only messages from the
 * parent window at the host's exact origin (one of ATIENDE_EMBED_ORIGINS, checked by the server
 * before it served this frame) are read; everything posted goes to that origin alone.
 */
export function connectToHost(hostOrigin: string) {
  const post = (body: ToHostBody) => window.parent.postMessage({ protocol: PROTOCOL, ...body }, hostOrigin);
  const tokenRequests = new Map<number, (token: string | null) => void>();
  let nextRequestId = 1;
  let config: HostConfig | undefined;
  const configWaiters: ((config: HostConfig) => void)[] = [];
  // Kept, since the loader may show the chat before the chat has rendered.
  let shown = false;
  const visibilityListeners = new Set<(open: boolean) => void>();
  const logoutListeners = new Set<() => void>();

  window.addEventListener("message", (event: MessageEvent) => {
    if (event.source !== window.parent || event.origin !== hostOrigin || !isProtocolMessage(event.data)) return;
    const message = event.data as ToFrameBody;
    switch (message.type) {
      case "config":
        config = { context: message.context, pageTitle: String(message.pageTitle).slice(0, 200) };
        for (const waiter of configWaiters.splice(0)) waiter(config);
        return;
      case "token":
        tokenRequests.get(message.requestId)?.(typeof message.token === "string" ? message.token : null);
        tokenRequests.delete(message.requestId);
        return;
      case "visibility":
        shown = message.open === true;
        for (const listener of visibilityListeners) listener(shown);
        return;
      case "logout":
        for (const listener of logoutListeners) listener();
        return;
    }
  });

  return {
    post,
    /** What the host page says about itself; asks for it once. */
    config: () =>
      new Promise<HostConfig>((resolve) => {
        if (config) return resolve(config);
        configWaiters.push(resolve);
        post({ type: "hello" });
      }),
    /** A fresh token from the host's `getToken` (null: nobody is signed in there). */
    requestToken: () =>
      new Promise<string | null>((resolve) => {
        const requestId = nextRequestId++;
        tokenRequests.set(requestId, resolve);
        post({ type: "token-request", requestId });
        // A host that never answers vouches for nobody.
        setTimeout(() => {
          if (tokenRequests.delete(requestId)) resolve(null);
        }, 15_000);
      }),
    /** Whether the chat is shown on the host page, now and at every change. */
    onVisibility: (listener: (open: boolean) => void) => {
      listener(shown);
      visibilityListeners.add(listener);
      return () => void visibilityListeners.delete(listener);
    },
    onLogout: (listener: () => void) => {
      logoutListeners.add(listener);
      return () => void logoutListeners.delete(listener);
    },
  };
}

export type HostLink = ReturnType<typeof connectToHost>;
