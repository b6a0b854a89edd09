"use client";

import { useSyncExternalStore } from "react";

const never = () => () => undefined;

/** False in the server render and while hydrating, true after: for output only the browser can know. */
export const useHydrated = () =>
  useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
