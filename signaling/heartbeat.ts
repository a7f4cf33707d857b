import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Pings go out in a slice every this many ms rather than all at once: pinging 20,000 sockets in
 * one loop holds the event loop for about half a second, and every relay and join waits behind it;
 * a slice of a hundredth of them costs a few milliseconds.
 */
export const HEARTBEAT_TICK_MS = 100;

/**
 * Finds dead sockets: every `intervalMs` each socket is pinged, and one that has not answered the
 * previous ping is terminated. A dead peer is therefore gone within two intervals.
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number): () => void {
  const alive = new WeakSet<WebSocket>();
  // Sockets are dealt round-robin into slices that keep them for life, so each socket is visited
  // exactly once per interval however many others come and go.
  const sliceCount = Math.max(1, Math.round(intervalMs / HEARTBEAT_TICK_MS));
  const slices = Array.from({ length: sliceCount }, () => new Set<WebSocket>());
  let dealt = 0;
  // Shared by every socket (`this` is the socket), rather than a closure each. A closed socket
  // leaves its slice at the slice's next turn: no 'close' listener per socket for that.
  function onPong(this: WebSocket) {
    alive.add(this);
  }
  wss.on('connection', (socket) => {
    slices[dealt++ % sliceCount]!.add(socket);
    alive.add(socket);
    socket.on('pong', onPong);
  });
  let tick = 0;
  const timer = setInterval(() => {
    const slice = slices[tick]!;
    for (const socket of slice) {
      if (socket.readyState === socket.CLOSED) {
        slice.delete(socket);
        continue;
      }
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
    tick = (tick + 1) % sliceCount;
  }, intervalMs / sliceCount);
  timer.unref();
  return () => clearInterval(timer);
}
