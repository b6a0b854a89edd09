/**
 * A level-triggered wake-up: any number of `notify()` calls before the next `wait()` collapse into
 * one, so a subscriber that falls behind holds a flag, not a growing queue. Aborting the signal
 * wakes the waiter for good.
 */
export function createWakeUp(signal: AbortSignal | undefined) {
  let pending = false;
  let resolve: (() => void) | undefined;
  const wake = () => {
    pending = true;
    resolve?.();
  };
  signal?.addEventListener("abort", wake, { once: true });
  return {
    notify: wake,
    async wait(): Promise<void> {
      if (!pending) await new Promise<void>((done) => (resolve = done));
      resolve = undefined;
      pending = false;
    },
  };
}
