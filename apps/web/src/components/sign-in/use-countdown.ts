import { useEffect, useState } from "react";

/**
 * Whole seconds left until a wait ends, ticking down once a second; 0 when there is none.
 * It counts against a deadline rather than subtracting ticks, so a throttled background tab
 * still shows the right number when it comes back.
 */
export function useCountdown(): [secondsLeft: number, start: (seconds: number) => void] {
  const [deadline, setDeadline] = useState<number | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);

  useEffect(() => {
    if (deadline === null) return;
    const timer = setInterval(() => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setSecondsLeft(left);
      if (left === 0) setDeadline(null);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline]);

  const start = (seconds: number) => {
    setSecondsLeft(seconds);
    setDeadline(Date.now() + seconds * 1000);
  };
  return [secondsLeft, start];
}
