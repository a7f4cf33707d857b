import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { CLOSE_CODES } from '../common/close-codes.ts';
import { LIMITS } from '../common/limits.ts';
import { addressKey } from './address-key.ts';
import { BroadcastBudget } from './broadcast-budget.ts';
import type { Config } from './config.ts';
import { Connection } from './connection.ts';
import { startHeartbeat } from './heartbeat.ts';
import { hubFromConfig } from './hub-from-config.ts';
import { capSocketsPerAddress, requestDeadlines } from './http-guards.ts';
import type { Hub } from './hub.ts';
import { JoinLimits } from './join-limits.ts';
import { metricsAccess } from './metrics-access.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { originAllowed } from './origin-check.ts';
import { applyHeaders, securityHeaders } from './security-headers.ts';

/** The WebSocket endpoint's path; everything else is HTTP. */
export const WS_PATH = '/ws';

export interface RunningServer {
  /** `http://host:port` as actually bound (port 0 resolved). */
  url: string;
  port: number;
  /** Closes every client with `CLOSE_CODES.goingAway` (1001), then the listener and the hub. */
  close(): Promise<void>;
}

export async function startServer(config: Config, log: Logger, hub?: Hub): Promise<RunningServer> {
  const theHub = hub ?? (await hubFromConfig(config, log));
  const serveClient = existsSync(config.staticDir)
    ? sirv(config.staticDir, { single: true, etag: true, gzip: false })
    : null;

  const metrics = createMetrics();
  let accepting = true;
  const headers = securityHeaders(config.staticDir);
  const http = createServer(requestDeadlines(config), (req, res) => {
    applyHeaders(res, headers);
    handleHttp(req, res, { serveClient, metrics, metricsToken: config.metricsToken, ready: () => accepting && theHub.ready });
  });
  capSocketsPerAddress(http, config.maxSocketsPerIp, () => metrics.rejectedConnections.inc({ reason: 'sockets-per-ip' }));
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes, perMessageDeflate: false });
  const stopHeartbeat = startHeartbeat(wss, config.heartbeatMs);
  const perIp = new Map<string, number>();
  const closed = (ip: string) => {
    const left = (perIp.get(ip) ?? 1) - 1;
    if (left > 0) perIp.set(ip, left);
    else perIp.delete(ip);
    metrics.connections.dec();
  };
  const context = { hub: theHub, log, config, metrics, broadcastBudget: new BroadcastBudget(config), joinLimits: new JoinLimits(config), closed };
  // One listener for every socket, not a closure each.
  const onSocketError = (error: Error) => log.debug({ err: error.message }, 'socket error');

  wss.on('connection', (socket, req: IncomingMessage) => {
    // Before anything else, so a socket error can never become an uncaught exception.
    socket.on('error', onSocketError);
    const ip = addressKey(req.socket.remoteAddress);
    perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
    metrics.connections.inc();
    new Connection(socket, context, ip);
  });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A shared listener: a closure here would share this call's scope, and keep `req` (headers and
    // all) alive for the life of the connection.
    socket.on('error', destroySocket);
    const refusal = refuseUpgrade(req, config, wss.clients.size, perIp, accepting);
    if (refusal) {
      metrics.rejectedConnections.inc({ reason: refusal.reason });
      socket.end(`HTTP/1.1 ${refusal.status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    url: `http://${shownHost}:${port}`,
    port,
    async close() {
      accepting = false;
      stopHeartbeat();
      const closed = [...wss.clients].map(
        (socket) => new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.close(CLOSE_CODES.goingAway, 'server shutting down');
          // A client that never answers the close handshake is cut off.
          setTimeout(() => socket.terminate(), 2000).unref();
        }),
      );
      await Promise.all(closed);
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await theHub.close();
    },
  };
}

function destroySocket(this: Duplex): void {
  this.destroy();
}

/** Why an upgrade is refused, if it is: wrong path, foreign origin, or too many connections. */
function refuseUpgrade(
  req: IncomingMessage,
  config: Config,
  open: number,
  perIp: Map<string, number>,
  accepting: boolean,
): { status: string; reason: string } | null {
  if (pathOf(req) !== WS_PATH) return { status: '404 Not Found', reason: 'path' };
  if (!accepting) return { status: '503 Service Unavailable', reason: 'shutting-down' };
  if (!originAllowed(req.headers, config.allowedOrigins)) return { status: '403 Forbidden', reason: 'origin' };
  if (open >= config.maxConnections) return { status: '503 Service Unavailable', reason: 'total' };
  if ((perIp.get(addressKey(req.socket.remoteAddress)) ?? 0) >= config.maxConnectionsPerIp) {
    return { status: '429 Too Many Requests', reason: 'per-ip' };
  }
  return null;
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
interface HttpContext {
  serveClient: Middleware | null;
  metrics: Metrics;
  metricsToken: string | undefined;
  ready: () => boolean;
}

function handleHttp(req: IncomingMessage, res: ServerResponse, { serveClient, metrics, metricsToken, ready }: HttpContext): void {
  const path = pathOf(req);
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  if (path === '/readyz') {
    const ok = ready();
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ready: ok }));
    return;
  }
  if (path === '/metrics') {
    const access = metricsAccess(req, metricsToken);
    if (access !== 200) {
      res.writeHead(access, access === 401 ? { 'www-authenticate': 'Bearer' } : {}).end();
      return;
    }
    void metrics.registry.metrics().then((text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text));
    return;
  }
  const notFound = () => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(serveClient ? 'Not found\n' : 'The client is not built: run `npm run build` (npm start does it).\n');
  };
  if (!serveClient) return notFound();
  serveClient(req, res, notFound);
}

/** The request path without the query. Not `new URL()`: it throws on some request targets (`//x:99999`). */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?', 1)[0]!;
}
