"use client";

import { useEffect, useRef } from "react";

/**
 * Single-key shortcuts for the whole page, ignored while the person types in a field or holds a
 * modifier (so the browser's and the screen reader's own keys keep working).
 */
export function useShortcuts(bindings: Record<string, () => void>) {
  const current = useRef(bindings);
  current.current = bindings;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable='true'], dialog[open]")) return;
      const action = current.current[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
