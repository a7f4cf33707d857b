import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey } from './address-key.ts';
import type { Config } from './config.ts';

/**
 * Limits on a TCP connection before it is a request, so connections that never finish their
 * headers (a slowloris) cannot hold the process's sockets and file descriptors: the WebSocket
 * caps only act once an upgrade request has arrived whole.
 */

/** Options for `createServer`: a request (a WebSocket's upgrade included) must arrive whole within the timeout, or gets 408. */
export function requestDeadlines(config: Pick<Config, 'httpRequestTimeoutMs'>): ServerOptions {
  const timeout = config.httpRequestTimeoutMs;
  // Node enforces both only as often as it checks its connections; by default that is every 30 s.
  return { headersTimeout: timeout, requestTimeout: timeout, connectionsCheckingInterval: Math.min(1000, timeout) };
}

/**
 * Caps the TCP connections one address holds open, counted as they are accepted (page loads,
 * WebSockets, and requests still arriving alike); past the cap a new one is destroyed at once,
 * before anything is read from it.
 */
export function capSocketsPerAddress(server: Server, max: number, onRefused: () => void): void {
  const open = new Map<string, number>();
  const addressOf = new WeakMap<Socket, string>();
  // One listener for every socket (`this` is the socket), rather than a closure each.
  function closed(this: Socket): void {
    const address = addressOf.get(this)!;
    const left = open.get(address)! - 1;
    if (left > 0) open.set(address, left);
    else open.delete(address);
  }
  server.on('connection', (socket: Socket) => {
    const address = addressKey(socket.remoteAddress);
    const count = open.get(address) ?? 0;
    if (count >= max) {
      onRefused();
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    addressOf.set(socket, address);
    // Not `once`: close comes once anyway, and `once` wraps the listener in two objects per socket.
    socket.on('close', closed);
  });
}
