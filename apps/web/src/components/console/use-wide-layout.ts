"use client";

import { useSyncExternalStore } from "react";

/** Tailwind's `xl`: from here the details fit beside the inbox and the thread. */
const WIDE = "(min-width: 80rem)";

const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(WIDE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
};

/** Whether the console has room for its third column (false on the server and while hydrating). */
export const useWideLayout = () =>
  useSyncExternalStore(
    subscribe,
    () => window.matchMedia(WIDE).matches,
    () => false,
  );
