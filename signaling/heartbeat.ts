import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Finds dead sockets: every `intervalMs` each socket is pinged, and one that has not answered the
 * previous ping is terminated. A dead peer is therefore gone within two intervals.
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number): () => void {
  const alive = new WeakSet<WebSocket>();
  const markAlive = (socket: WebSocket) => alive.add(socket);
  wss.on('connection', (socket) => {
    alive.add(socket);
    socket.on('pong', () => markAlive(socket));
  });
  const timer = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
