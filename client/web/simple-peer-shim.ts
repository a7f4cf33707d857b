/**
 * simple-peer 9 and its stream dependencies expect two Node globals. This module must be imported
 * before simple-peer is evaluated (it is among the first imports of `chat-entry.ts`).
 */
const scope = globalThis as unknown as { global?: unknown; process?: { env: object; nextTick?: unknown } };
scope.global ??= globalThis;
scope.process ??= { env: {} };
scope.process.nextTick ??= (callback: (...args: unknown[]) => void, ...args: unknown[]) =>
  queueMicrotask(() => callback(...args));
