/**
 * A TCP proxy in front of the server whose WebSocket connections can be made to go silent: from
 * then on nothing passes either way and neither end is closed, as when a phone suspends a page and
 * its network drops the connection. The page keeps a socket that looks open and never hears a
 * thing; the server stops getting pongs and drops it as it would a lost phone.
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface SilencingProxy {
  /** The proxy's origin: load the page from here and its WebSocket goes through it. */
  url: string;
  /** Silences every WebSocket connection open now; connections made after it pass as usual. */
  silenceWebSockets(): number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  webSocket: boolean;
  silent: boolean;
}

export async function silencingProxy(target: { port: number }): Promise<SilencingProxy> {
  const pairs = new Set<Pair>();
  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: target.port });
    const pair: Pair = { client, upstream, webSocket: false, silent: false };
    pairs.add(pair);
    client.on('data', (data: Buffer) => {
      if (pair.silent) return;
      // The upgrade request is the connection's first bytes.
      pair.webSocket ||= data.subarray(0, 8).toString() === 'GET /ws ';
      upstream.write(data);
    });
    upstream.on('data', (data: Buffer) => {
      if (!pair.silent) client.write(data);
    });
    // A silenced pair stays listed, its page end open, until the page or `close` ends it.
    upstream.on('close', () => {
      if (pair.silent) return;
      pairs.delete(pair);
      client.destroy();
    });
    upstream.on('error', () => {});
    client.on('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    client.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    silenceWebSockets() {
      let count = 0;
      for (const pair of pairs) {
        if (pair.webSocket && !pair.silent) {
          pair.silent = true;
          count++;
        }
      }
      return count;
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
