/**
 * widget.js: the one file a host site includes. It draws the chat button (with its unread badge) on
 * the host page and keeps the chat in an <iframe> served by Atiende, so neither page can touch the
 * other. It makes no API call and keeps no token: it asks the host's `getToken` whenever the frame
 * asks, and hands the answer over.
 */
import type { AtiendeApi, AtiendeEvent, AtiendeInitOptions } from "@atiende/react";

import type { ToFrameBody, ToHostBody } from "../protocol";
import { isProtocolMessage, PROTOCOL } from "../protocol";
import { loaderTexts } from "./texts";

const script = document.currentScript as HTMLScriptElement | null;
/** Atiende's origin: where this file came from. */
const atiende = new URL(script?.src ?? window.location.href).origin;

const STYLE = `
:host { all: initial; }
button { position: fixed; bottom: 20px; width: 56px; height: 56px; border-radius: 50%; border: 0;
  background: var(--atiende-color); color: #fff; cursor: pointer; box-shadow: 0 6px 18px rgba(0,0,0,.25);
  display: flex; align-items: center; justify-content: center; z-index: 2147483646; }
button:focus-visible { outline: 3px solid #1e1b4b; outline-offset: 3px; }
button svg { width: 28px; height: 28px; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 22px; height: 22px; padding: 0 6px;
  border-radius: 11px; background: #dc2626; color: #fff; font: 700 12px/22px system-ui, sans-serif;
  box-sizing: border-box; text-align: center; }
.panel { position: fixed; bottom: 88px; width: 380px; height: min(620px, calc(100vh - 108px));
  border-radius: 14px; overflow: hidden; box-shadow: 0 12px 40px rgba(0,0,0,.3); background: #fff;
  z-index: 2147483647; }
.panel[hidden] { display: none; }
iframe { border: 0; width: 100%; height: 100%; display: block; }
.left { left: 20px; } .right { right: 20px; }
@media (max-width: 480px) {
  .panel { inset: 0; width: auto; height: auto; border-radius: 0; bottom: 0; }
}`;

const ICON =
  '<svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1.1-4.4A8 8 0 1 1 21 12z"/></svg>';

function createWidget(): AtiendeApi {
  let options: AtiendeInitOptions | undefined;
  let host: HTMLElement | undefined;
  let button: HTMLButtonElement | undefined;
  let badge: HTMLSpanElement | undefined;
  let panel: HTMLDivElement | undefined;
  let frame: HTMLIFrameElement | undefined;
  let isOpen = false;
  let unread = 0;
  let loggingOut: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Map<AtiendeEvent, Set<(payload: unknown) => void>>();
  const emit = (event: AtiendeEvent, payload?: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const texts = () => loaderTexts(options?.locale);

  const post = (body: ToFrameBody) => frame?.contentWindow?.postMessage({ protocol: PROTOCOL, ...body }, atiende);

  const label = () => {
    if (!button || !badge) return;
    button.setAttribute("aria-label", isOpen ? texts().close : texts().open(unread));
    button.setAttribute("aria-expanded", String(isOpen));
    badge.textContent = unread > 99 ? "99+" : String(unread);
    badge.hidden = unread === 0;
  };

  /** A new, hidden frame: loaded at once, so opening the chat is instant. */
  const mountFrame = () => {
    frame?.remove();
    frame = document.createElement("iframe");
    const url = new URL("/embed", atiende);
    url.searchParams.set("host", window.location.origin);
    if (options?.locale) url.searchParams.set("locale", options.locale);
    frame.src = url.href;
    frame.title = texts().title;
    frame.setAttribute("allow", "clipboard-write");
    panel?.append(frame);
  };

  const onMessage = (event: MessageEvent) => void answer(event);
  const answer = async (event: MessageEvent) => {
    // Only our own frame, from Atiende's origin: never another window or another site.
    if (!frame || event.source !== frame.contentWindow || event.origin !== atiende) return;
    if (!isProtocolMessage(event.data)) return;
    const message = event.data as ToHostBody;
    switch (message.type) {
      case "hello":
        post({ type: "config", context: options?.context, pageTitle: document.title, locale: options?.locale });
        if (isOpen) post({ type: "visibility", open: true });
        return;
      case "token-request": {
        let token: string | null = null;
        try {
          token = (await options?.getToken()) ?? null;
        } catch {
          token = null;
        }
        post({ type: "token", requestId: message.requestId, token });
        return;
      }
      case "unread":
        unread = Math.max(0, Math.floor(message.count));
        label();
        emit("unread", unread);
        return;
      case "ready":
        emit("ready");
        return;
      case "signed-out":
        unread = 0;
        label();
        // The old frame has forgotten its person: a new one for whoever signs in next.
        if (loggingOut) finishLogout();
        return;
      case "close":
        api.close();
        return;
    }
  };

  const finishLogout = () => {
    clearTimeout(loggingOut);
    loggingOut = undefined;
    if (host) mountFrame();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && isOpen) api.close();
  };

  const api: AtiendeApi = {
    init(next) {
      if (host) api.destroy();
      options = next;
      host = document.createElement("div");
      host.setAttribute("data-atiende", "");
      const root = host.attachShadow({ mode: "open" });
      const style = document.createElement("style");
      style.textContent = STYLE;
      const side = next.position === "bottom-left" ? "left" : "right";
      host.style.setProperty("--atiende-color", next.color ?? "#4338ca");
      panel = document.createElement("div");
      panel.className = `panel ${side}`;
      panel.id = "atiende-panel";
      panel.hidden = true;
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-label", texts().title);
      button = document.createElement("button");
      button.type = "button";
      button.className = side;
      button.innerHTML = ICON;
      button.setAttribute("aria-controls", panel.id);
      badge = document.createElement("span");
      badge.className = "badge";
      badge.setAttribute("aria-hidden", "true");
      button.append(badge);
      button.addEventListener("click", () => (isOpen ? api.close() : api.open()));
      root.append(style, panel, button);
      document.body.append(host);
      window.addEventListener("message", onMessage);
      document.addEventListener("keydown", onKeyDown);
      mountFrame();
      label();
      if (next.open) api.open();
    },
    open() {
      if (!panel || !frame || isOpen) return;
      isOpen = true;
      panel.hidden = false;
      label();
      post({ type: "visibility", open: true });
      // Into the chat: the frame puts the caret in its composer once it sees it is shown.
      frame.focus();
      emit("open");
    },
    close() {
      if (!panel || !isOpen) return;
      isOpen = false;
      panel.hidden = true;
      label();
      post({ type: "visibility", open: false });
      // Back where the person was: the button that opened the chat.
      button?.focus();
      emit("close");
    },
    logout() {
      if (!host) return;
      api.close();
      unread = 0;
      label();
      // The frame clears what it keeps (drafts) and says so; then a new frame replaces it, so
      // nothing of this person's chat stays in the page. A frame that does not answer is replaced anyway.
      post({ type: "logout" });
      loggingOut = setTimeout(finishLogout, 1000);
    },
    destroy() {
      clearTimeout(loggingOut);
      loggingOut = undefined;
      window.removeEventListener("message", onMessage);
      document.removeEventListener("keydown", onKeyDown);
      host?.remove();
      host = button = badge = panel = frame = undefined;
      isOpen = false;
      unread = 0;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  return api;
}

const widget = createWidget();
// Calls queued by a snippet that ran before this file (`window.Atiende = { q: [...] }`) run now.
const stub = window.Atiende as { q?: [string, unknown[]][] } | undefined;
const queued = stub?.q ?? [];
window.Atiende = widget;
for (const [method, args] of queued) {
  const call = widget[method as keyof AtiendeApi] as ((...values: unknown[]) => unknown) | undefined;
  call?.(...args);
}
