import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { LIMITS } from '../common/limits.ts';
import type { Config } from './config.ts';
import { Connection } from './connection.ts';
import { startHeartbeat } from './heartbeat.ts';
import type { Hub } from './hub.ts';
import { MemoryHub } from './memory-hub.ts';

/** The WebSocket endpoint's path; everything else is HTTP. */
export const WS_PATH = '/ws';

export interface RunningServer {
  /** `http://host:port` as actually bound (port 0 resolved). */
  url: string;
  port: number;
  /** Closes every client with 1001 (going away), then the listener and the hub. */
  close(): Promise<void>;
}

export async function startServer(config: Config, log: Logger, hub?: Hub): Promise<RunningServer> {
  const theHub = hub ?? new MemoryHub({ graceMs: config.resumeGraceMs });
  const serveClient = existsSync(config.staticDir)
    ? sirv(config.staticDir, { single: true, etag: true, gzip: false })
    : null;

  const http = createServer((req, res) => handleHttp(req, res, serveClient));
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes, perMessageDeflate: false });
  const stopHeartbeat = startHeartbeat(wss, config.heartbeatMs);
  const context = { hub: theHub, log, iceServers: config.iceServers, resumeGraceMs: config.resumeGraceMs };

  wss.on('connection', (socket) => {
    // Before anything else, so a socket error can never become an uncaught exception.
    socket.on('error', (error) => log.debug({ err: error.message }, 'socket error'));
    new Connection(socket, context);
  });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (pathOf(req) !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
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
      stopHeartbeat();
      const closed = [...wss.clients].map(
        (socket) => new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.close(1001, 'server shutting down');
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

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

function handleHttp(req: IncomingMessage, res: ServerResponse, serveClient: Middleware | null): void {
  const path = pathOf(req);
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
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
