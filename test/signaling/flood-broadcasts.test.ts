/**
 * The broadcast flood, as an attacker would run it: many sockets from one address, each keeping to
 * its own limits, send the largest broadcasts allowed while a bystander stops reading for a while.
 * The bystander must come through, told of whatever it missed; the flooding address gets through
 * no more than its budget. Prints the figure.
 */
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { WebSocket } from 'ws';
import { startTestServer } from '../../harness/server.ts';
import { LONGEST_BROADCAST, stopReading } from '../helpers/backlog.ts';
import { within } from '../helpers/timing.ts';
import { TestClient } from '../helpers/ws-client.ts';

const FLOODERS = 60;
const STALL_MS = 5000;

/** A flooder: a raw socket that reads (an attacker who stops reading is only dropping itself) but never parses. */
interface Flooder {
  socket: WebSocket;
  acked: number;
  refused: number;
  /** The close code, once the server has closed it (1008 after persistent rate-limit abuse). */
  closedWith?: number;
}

async function flooder(url: string, name: string): Promise<Flooder> {
  const socket = new WebSocket(url, { skipUTF8Validation: true });
  const flooder: Flooder = { socket, acked: 0, refused: 0 };
  const welcomed = new Promise<void>((resolve, reject) => {
    socket.on('message', (data: Buffer) => {
      const head = data.subarray(0, 24).toString();
      if (head.startsWith('{"type":"welcome"')) resolve();
      else if (head.startsWith('{"type":"rejected"')) reject(new Error(`${name} was rejected: ${data.toString()}`));
      else if (head.startsWith('{"type":"broadcast-ack"')) flooder.acked++;
      else if (head.startsWith('{"type":"error"')) flooder.refused++;
    });
  });
  socket.on('close', (code) => (flooder.closedWith = code));
  socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', v: 1, name })));
  await within(5000, `${name} to join`, welcomed);
  return flooder;
}

const counter = (metrics: string, name: string) =>
  metrics.split('\n').filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);

test(`broadcast flood: ${FLOODERS} sockets from one address send 12 KB broadcasts within their own limits; a bystander that stops reading for ${STALL_MS / 1000} s is kept and told what it missed`, async () => {
  // Defaults throughout, but for the per-address connection cap (the harness lifts it: every test client is 127.0.0.1).
  const server = await startTestServer();
  const flooders: Flooder[] = [];
  let pump: NodeJS.Timeout | undefined;
  try {
    // The bystander and an honest speaker come from other addresses than the flood.
    const bystander = await TestClient.open(server.wsUrl, { localAddress: '127.0.0.2' });
    bystander.send({ type: 'hello', v: 1, name: 'Bystander' });
    await bystander.next('welcome');
    const honest = await TestClient.open(server.wsUrl, { localAddress: '127.0.0.3' });
    honest.send({ type: 'hello', v: 1, name: 'Honest' });
    await honest.next('welcome');
    for (let i = 0; i < FLOODERS; i++) flooders.push(await flooder(server.wsUrl, `Flood${i}`));

    const readAgain = stopReading(bystander.socket);
    const started = performance.now();
    let sent = 0;
    const send = (flooder: Flooder) => {
      if (flooder.socket.readyState !== WebSocket.OPEN) return;
      flooder.socket.send(JSON.stringify({ type: 'broadcast', text: LONGEST_BROADCAST }));
      sent++;
    };
    // Each flooder: its whole broadcast burst at once, then its sustained rate.
    const { broadcastBurst, broadcastsPerSecond } = server.config;
    for (const flooder of flooders) for (let i = 0; i < broadcastBurst; i++) send(flooder);
    await new Promise<void>((resolve) => {
      pump = setInterval(() => {
        if (performance.now() - started >= STALL_MS) return resolve();
        for (const flooder of flooders) send(flooder);
      }, 1000 / broadcastsPerSecond);
    });
    clearInterval(pump);
    const floodSeconds = (performance.now() - started) / 1000;
    readAgain();

    // A signal is never skipped: once it arrives, the bystander has read everything queued before it.
    honest.send({ type: 'signal', to: 'Bystander', data: { fence: 1 } });
    await Promise.race([bystander.next('signal', () => true, 30_000), bystander.closed]);
    const kept = bystander.socket.readyState === WebSocket.OPEN;
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const skipped = counter(metrics, 'chat_broadcasts_skipped_total');
    const missed = kept && skipped > 0 ? (await bystander.next('missed', () => true, 5000)).broadcasts : 0;
    const acked = flooders.reduce((sum, flooder) => sum + flooder.acked, 0);
    const refused = flooders.reduce((sum, flooder) => sum + flooder.refused, 0);
    const closed = flooders.filter((flooder) => flooder.closedWith === 1008).length;
    const heard = bystander.count('broadcast', (m) => m.type === 'broadcast' && m.from.startsWith('Flood'));
    console.log(
      `  broadcast flood: ${FLOODERS} sockets from one address sent ${sent} broadcasts of 12 KB in ${floodSeconds.toFixed(1)} s, ` +
        `${acked} accepted, ${refused} refused, ${closed} flooders closed (1008); the bystander stalled ${STALL_MS / 1000} s and was ${kept ? 'kept' : 'DROPPED'}: ` +
        `${heard} heard, told of ${missed} missed; ${(counter(metrics, 'chat_bytes_out_total') / 2 ** 20).toFixed(1)} MiB sent in all, ` +
        `${counter(metrics, 'chat_slow_readers_dropped_total')} slow readers dropped`,
    );

    assert.ok(kept, 'the bystander is still connected');
    assert.is(missed, skipped, 'told of every broadcast it missed');
    assert.is(heard + missed, acked, 'every accepted broadcast was either delivered or counted as missed');
    const { ipBroadcastBurst, ipBroadcastsPerSecond } = server.config;
    assert.ok(acked <= ipBroadcastBurst + Math.ceil(ipBroadcastsPerSecond * floodSeconds) + 1, `${acked} broadcasts from one address got through`);
    honest.send({ type: 'broadcast', text: 'after the flood' });
    await bystander.next('broadcast', (m) => m.text === 'after the flood', 5000);
    await Promise.all([bystander.close(), honest.close()]);
  } finally {
    clearInterval(pump);
    for (const flooder of flooders) flooder.socket.terminate();
    await server.close();
  }
});

test.run();
