import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** What `/metrics` exposes, in Prometheus format. One registry per server, so tests can run several. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    connections: new Gauge({ name: 'chat_connections', help: 'Open WebSocket connections', registers: [registry] }),
    users: new Gauge({ name: 'chat_users', help: 'Users joined on this process', registers: [registry] }),
    frames: new Counter({ name: 'chat_frames_total', help: 'Frames received, by message type', labelNames: ['type'], registers: [registry] }),
    errors: new Counter({ name: 'chat_errors_total', help: 'Error frames sent, by code', labelNames: ['code'], registers: [registry] }),
    rateLimited: new Counter({ name: 'chat_rate_limited_total', help: 'Frames refused by a rate limit', registers: [registry] }),
    slowReaders: new Counter({ name: 'chat_slow_readers_dropped_total', help: 'Connections dropped for not reading', registers: [registry] }),
    broadcastsSkipped: new Counter({ name: 'chat_broadcasts_skipped_total', help: 'Broadcasts not sent to a reader that was behind (it is told how many)', registers: [registry] }),
    rejectedConnections: new Counter({ name: 'chat_rejected_connections_total', help: 'Upgrades refused, by reason (sockets-per-ip: TCP connections refused as they were accepted)', labelNames: ['reason'], registers: [registry] }),
    bytesIn: new Counter({ name: 'chat_bytes_in_total', help: 'WebSocket payload bytes received', registers: [registry] }),
    bytesOut: new Counter({ name: 'chat_bytes_out_total', help: 'WebSocket payload bytes sent', registers: [registry] }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
