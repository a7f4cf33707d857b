/** Rejects after `ms` with a message naming what was awaited; tests never hang. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Re-checks `check` (which may ask the server something) on every turn of the event loop until it
 * holds, for at most `ms`: for a state the server reaches with no event a test can await.
 */
export function until(ms: number, what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  let stopped = false;
  const reached = (async () => {
    while (!stopped && !(await check())) await new Promise((resolve) => setImmediate(resolve));
  })();
  return within(ms, what, reached).finally(() => (stopped = true));
}
