/**
 * Loaded into each server under test (`node --expose-gc --import ./bench/memory-probe.ts …`) by
 * `bench/servers.ts`, so ours and PeerJS's are measured the same way without touching their code:
 * asked over IPC, it collects garbage and reports the process's memory. It does nothing else,
 * and never keeps the process alive.
 */
export interface MemoryReport {
  probe: 'memory';
  rss: number;
  heapUsed: number;
}

process.on('message', (message: { probe?: string }) => {
  if (message?.probe !== 'memory') return;
  // A full collection first: otherwise the figure depends on when V8 last happened to run one.
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ probe: 'memory', rss, heapUsed } satisfies MemoryReport);
});
process.channel?.unref();
