/**
 * PeerJS's own server (`peer` package, dev-only) for the load benchmark's comparison, on
 * 127.0.0.1 and a free port. Its defaults, except the concurrent-client cap (5000), which is
 * lifted the way ours is for the benchmark. Prints the URL once listening.
 */
import type { AddressInfo } from 'node:net';
import { PeerServer } from 'peer';

const server = PeerServer({ host: '127.0.0.1', port: 0, concurrent_limit: 1_000_000 }, (http) => {
  const { port } = http.address() as AddressInfo;
  process.stdout.write(`PeerJS server at http://127.0.0.1:${port}/\n`);
});
// PeerJS re-emits socket errors on the app; unheard, an EventEmitter 'error' would end the process.
server.on('error', (error) => console.error(`peerjs: ${error.message}`));
process.on('SIGTERM', () => process.exit(0));
