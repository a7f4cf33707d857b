/** Raw TCP connections that start an HTTP request and never finish its headers: the slowloris. */
import { connect, type Socket } from 'node:net';
import { within } from './timing.ts';

export interface HalfOpen {
  socket: Socket;
  /** Resolves when the server ends the connection, with whatever it answered (often nothing). */
  ended: Promise<string>;
  /** Whether `ended` has resolved. */
  readonly isEnded: boolean;
}

/** Connects from `localAddress` and sends the start of a request that never ends; resolves once connected. */
export async function halfOpen(serverUrl: string, localAddress: string): Promise<HalfOpen> {
  const { hostname, port } = new URL(serverUrl);
  const socket = connect({ host: hostname, port: Number(port), localAddress });
  // A reset is one of the ways the server may end it.
  socket.on('error', () => {});
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  let isEnded = false;
  const ended = new Promise<string>((resolve) => socket.once('close', () => {
    isEnded = true;
    resolve(answer);
  }));
  await within(5000, 'a TCP connection', new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  }));
  socket.write(`GET /healthz HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: `);
  return {
    socket,
    ended,
    get isEnded() {
      return isEnded;
    },
  };
}
