/**
 * `npm run bench`: the signaling server's own figures, measured from a separate load-generating
 * process on loopback. Bounded: a fixed number of clients and messages. Prints a table.
 *
 *   CLIENTS (default 1000)  clients joined at once
 *   MESSAGES (default 100)  broadcasts for the fan-out figure, and round trips per relay pair
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

const CLIENTS = Number(process.env.CLIENTS ?? 1000);
const MESSAGES = Number(process.env.MESSAGES ?? 100);
const PAIRS = 50;

const server = spawn(process.execPath, ['--import', 'tsx', 'signaling/main.ts'], {
  // One load generator on one address stands in for many users: lift the per-address and rate limits.
  env: {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    MAX_CONNECTIONS_PER_IP: '1000000',
    RATE_BROADCASTS_PER_SEC: '1000',
    RATE_MESSAGES_PER_SEC: '100000',
    RATE_MESSAGE_BURST: '100000',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const match = /Chat is running at (http:\/\/\S+?)\/\s/.exec(out);
    if (match?.[1]) resolve(match[1].replace('http', 'ws') + '/ws');
  });
  server.on('exit', () => reject(new Error('server exited')));
});

interface Client {
  socket: WebSocket;
  name: string;
}

function join(name: string, onFrame?: (frame: { type: string; [k: string]: unknown }) => void): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', v: 1, name })));
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.type === 'welcome') resolve({ socket, name });
      else if (frame.type === 'rejected') reject(new Error(frame.message));
      else onFrame?.(frame);
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const rows: Array<[string, string]> = [];

// 1. Join rate: CLIENTS joins, 100 in flight at a time.
const fanoutLatencies: number[] = [];
const clients: Client[] = [];
let started = performance.now();
for (let i = 0; i < CLIENTS; i += 100) {
  const batch = Array.from({ length: Math.min(100, CLIENTS - i) }, (_, j) =>
    join(`user${i + j}`, (frame) => {
      if (frame.type === 'broadcast') fanoutLatencies.push(Date.now() - Number(String(frame.text).split(':')[1]));
    }),
  );
  clients.push(...(await Promise.all(batch)));
}
let seconds = (performance.now() - started) / 1000;
rows.push(['joins/s', (CLIENTS / seconds).toFixed(0)]);

// 2. Broadcast fan-out: one sender, MESSAGES broadcasts 20 ms apart, to CLIENTS - 1 receivers.
const sender = clients[0]!;
const expected = MESSAGES * (CLIENTS - 1);
const allArrived = new Promise<void>((resolve) => {
  const check = setInterval(() => {
    if (fanoutLatencies.length >= expected) {
      clearInterval(check);
      resolve();
    }
  }, 20);
});
for (let i = 0; i < MESSAGES; i++) {
  sender.socket.send(JSON.stringify({ type: 'broadcast', text: `t:${Date.now()}` }));
  await new Promise((r) => setTimeout(r, 20));
}
await allArrived;
fanoutLatencies.sort((a, b) => a - b);
rows.push([`broadcast fan-out to ${CLIENTS - 1}: p50 / p99 (ms)`, `${percentile(fanoutLatencies, 50)} / ${percentile(fanoutLatencies, 99)}`]);

// 3. Signal relay: PAIRS pairs ping-ponging MESSAGES signals each, all at once.
const relayLatencies: number[] = [];
started = performance.now();
await Promise.all(
  Array.from({ length: PAIRS }, async (_, p) => {
    const a = clients[1 + 2 * p]!;
    const b = clients[2 + 2 * p]!;
    let sentAt = 0;
    let remaining = MESSAGES;
    await new Promise<void>((resolve) => {
      b.socket.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        if (frame.type === 'signal') b.socket.send(JSON.stringify({ type: 'signal', to: a.name, data: frame.data }));
      });
      a.socket.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        if (frame.type !== 'signal') return;
        relayLatencies.push(performance.now() - sentAt);
        if (--remaining === 0) return resolve();
        sentAt = performance.now();
        a.socket.send(JSON.stringify({ type: 'signal', to: b.name, data: { candidate: 'x'.repeat(200) } }));
      });
      sentAt = performance.now();
      a.socket.send(JSON.stringify({ type: 'signal', to: b.name, data: { candidate: 'x'.repeat(200) } }));
    });
  }),
);
seconds = (performance.now() - started) / 1000;
relayLatencies.sort((a, b) => a - b);
rows.push([`signal relay, ${PAIRS} pairs: messages/s`, ((relayLatencies.length * 2) / seconds).toFixed(0)]);
rows.push(['signal relay round trip p50 / p99 (ms)', `${percentile(relayLatencies, 50).toFixed(2)} / ${percentile(relayLatencies, 99).toFixed(2)}`]);

for (const client of clients) client.socket.terminate();
server.kill('SIGTERM');

const width = Math.max(...rows.map(([label]) => label.length));
console.log(`\nsignaling benchmark (${CLIENTS} clients, ${MESSAGES} messages, loopback, Node ${process.version})`);
for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
