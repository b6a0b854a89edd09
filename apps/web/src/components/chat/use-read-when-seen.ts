"use client";

import type { RefObject } from "react";
import { useEffect, useRef } from "react";

/**
 * Marks a message read only when a person can actually see it: it is (mostly) inside the scrolled
 * list and the tab is visible. A tab that comes back to the front marks what is on screen then.
 */
export function useReadWhenSeen(
  root: RefObject<HTMLElement | null>,
  messageId: string | undefined,
  markRead: (messageId: string) => void,
) {
  const markReadRef = useRef(markRead);
  markReadRef.current = markRead;
  // One request per message: the read marker never moves back, so repeating it gains nothing.
  const sent = useRef<string | null>(null);

  useEffect(() => {
    const list = root.current;
    if (!messageId || !list) return;
    const element = list.querySelector(`[data-message-id="${CSS.escape(messageId)}"]`);
    if (!element) return;
    let onScreen = false;
    const read = () => {
      if (!onScreen || document.visibilityState !== "visible" || sent.current === messageId) return;
      sent.current = messageId;
      markReadRef.current(messageId);
    };
    const observer = new IntersectionObserver(
      ([entry]) => {
        // Half the message, or enough of a long one to have started reading it.
        onScreen = Boolean(entry?.isIntersecting && (entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= 48));
        read();
      },
      { root: list, threshold: [0, 0.25, 0.5, 1] },
    );
    observer.observe(element);
    document.addEventListener("visibilitychange", read);
    return () => {
      observer.disconnect();
      document.removeEventListener("visibilitychange", read);
    };
  }, [root, messageId]);
}
