"use client";

import { useEffect, useRef, useState } from "react";

import { loadAtiende } from "./load-atiende";
import type { AtiendeApi, AtiendeInitOptions } from "./loader-api";

export interface AtiendeWidgetProps extends AtiendeInitOptions {
  /** Where Atiende runs, e.g. https://chat.example.com (its `/widget.js` is loaded from there). */
  url: string;
  /** Opens (true) or closes (false) the chat; also how it starts. Leave it out to let the user decide. */
  open?: boolean;
  /** The number of replies the user has not read, each time it changes. */
  onUnread?: (count: number) => void;
}

/**
 * The Atiende chat button and frame, exactly as any host page gets them: the component loads
 * `/widget.js` and drives its global API. It renders nothing itself (so it is safe to render on the
 * server) and removes the widget when it unmounts. Call `window.Atiende?.logout()` when your user
 * signs out.
 */
export function AtiendeWidget({
  url,
  getToken,
  context,
  locale,
  position,
  color,
  open,
  onUnread,
}: AtiendeWidgetProps): null {
  const [api, setApi] = useState<AtiendeApi | null>(null);
  // Read when called, so a new function on every render does not start the chat again.
  const latest = useRef({ getToken, onUnread, open });
  useEffect(() => {
    latest.current = { getToken, onUnread, open };
  });

  useEffect(() => {
    let mounted = true;
    loadAtiende(url).then(
      (loaded) => mounted && setApi(loaded),
      (error: unknown) => console.error(error),
    );
    return () => {
      mounted = false;
    };
  }, [url]);

  // Hosts write `context={{ jobId }}`: compare its contents, not the object made on each render.
  const contextKey = context ? JSON.stringify(context) : undefined;
  useEffect(() => {
    if (!api) return;
    api.init({
      getToken: () => latest.current.getToken(),
      context:
        contextKey === undefined
          ? undefined
          : (JSON.parse(contextKey) as AtiendeInitOptions["context"]),
      locale,
      position,
      color,
      open: latest.current.open,
    });
    const stopListening = api.on("unread", (count) => latest.current.onUnread?.(Number(count)));
    return () => {
      stopListening();
      api.destroy();
    };
  }, [api, contextKey, locale, position, color]);

  useEffect(() => {
    if (!api || open === undefined) return;
    if (open) api.open();
    else api.close();
  }, [api, open]);

  return null;
}
