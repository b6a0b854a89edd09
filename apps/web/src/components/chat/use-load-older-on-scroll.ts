"use client";

import type { RefObject } from "react";
import { useEffect, useRef } from "react";

/**
 * Infinite scroll back through history: when the top of the list comes into view, the previous
 * page loads (the button stays for keyboard and screen-reader users). One load at a time.
 */
export function useLoadOlderOnScroll(
  root: RefObject<HTMLElement | null>,
  sentinel: RefObject<HTMLElement | null>,
  enabled: boolean,
  loadOlder: () => Promise<void>,
) {
  const load = useRef(loadOlder);
  load.current = loadOlder;
  useEffect(() => {
    const target = sentinel.current;
    if (!enabled || !target) return;
    let loading = false;
    const observer = new IntersectionObserver(
      (entries) => {
        if (loading || !entries.some((entry) => entry.isIntersecting)) return;
        loading = true;
        void load.current().finally(() => {
          loading = false;
        });
      },
      { root: root.current, rootMargin: "200px 0px 0px 0px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [enabled, root, sentinel]);
}
