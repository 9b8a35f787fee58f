/**
 * Waits `ms`, or less when the signal fires. Resolves true when the whole time passed, false
 * when it was cut short: a retry backoff, a gate's interval and a watch's period all stop at once
 * on SIGINT.
 */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
