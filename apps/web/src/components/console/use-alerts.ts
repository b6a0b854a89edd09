"use client";

import { useCallback, useEffect, useState } from "react";

const KEY = "atiende:console-alerts";

/** A short two-note chime, made on the spot: no audio file to ship or to fail loading. */
function chime() {
  const context = new AudioContext();
  for (const [index, frequency] of [880, 1320].entries()) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    const start = context.currentTime + index * 0.12;
    gain.gain.setValueAtTime(0.08, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + 0.25);
    oscillator.frequency.value = frequency;
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.25);
  }
  setTimeout(() => void context.close(), 1000);
}

/**
 * New-message alerts for agents: a chime, and a desktop notification while the tab is hidden.
 * On by default; the agent's choice is remembered in this browser.
 */
export function useAlerts() {
  const [enabled, setEnabled] = useState(true);
  useEffect(() => setEnabled(window.localStorage.getItem(KEY) !== "off"), []);

  const toggle = useCallback(() => {
    setEnabled((current) => {
      window.localStorage.setItem(KEY, current ? "off" : "on");
      // Asking needs a user gesture: this click is one.
      if (!current && "Notification" in window && Notification.permission === "default") {
        void Notification.requestPermission();
      }
      return !current;
    });
  }, []);

  const notify = useCallback(
    (title: string, body: string) => {
      if (!enabled) return;
      try {
        chime();
      } catch {
        // No audio device (or autoplay refused before any click): the badge still shows.
      }
      if (document.visibilityState === "hidden" && "Notification" in window && Notification.permission === "granted") {
        new Notification(title, { body, tag: "atiende-console" });
      }
    },
    [enabled],
  );

  return { enabled, toggle, notify };
}
