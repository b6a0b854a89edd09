"use client";

import type { DependencyList } from "react";
import { useEffect, useRef } from "react";

/**
 * After a change that can take the focused control away (a button that disappears once its action
 * is done, a pane that hides on a narrow screen), focus lands on `fallback` instead of falling
 * back to the page, where a keyboard or screen reader user would have to start over.
 */
export function useFocusRescue(fallback: () => HTMLElement | null | undefined, deps: DependencyList) {
  const mounted = useRef(false);
  useEffect(() => {
    // Not on the first render: arriving at the page is not a lost focus.
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    const active = document.activeElement;
    const lost = !(active instanceof HTMLElement) || active === document.body || !active.checkVisibility();
    if (lost) fallback()?.focus();
  }, deps);
}
