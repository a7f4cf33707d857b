/**
 * Resolves once the event loop has had a turn, so timers, input and other messages run in between.
 * A loop that only awaits settled promises runs as one long microtask chain and holds them all off.
 */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield(); // Chromium: resumes ahead of other queued work
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve)); // Node
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.addEventListener('message', () => {
      port1.close();
      resolve();
    });
    port1.start(); // a port listened to with addEventListener delivers only once started
    port2.postMessage(null);
  });
}
