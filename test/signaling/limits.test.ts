import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WebSocket } from 'ws';
import type { Config } from '../../signaling/config.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { within } from '../helpers/timing.ts';
import { TestClient } from '../helpers/ws-client.ts';

/** Waits for a bucket to refill: time passing is the behaviour under test, so this sleep is the point. */
const refill = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Limits hit per test, read from the server's own counters, printed at the end. */
const hits: string[] = [];

async function withServer(limit: string, overrides: Partial<Config>, body: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer(overrides);
  try {
    await body(server);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const total = (name: string) =>
      metrics.split('\n').filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    hits.push(
      `${limit}: ${total('chat_rate_limited_total')} frames refused, ${total('chat_rejected_connections_total')} connections refused, ` +
        `${total('chat_slow_readers_dropped_total')} slow readers dropped`,
    );
  } finally {
    await server.close();
  }
}

test.after(() => console.log(`  limits hit:\n    ${hits.join('\n    ')}`));

/** Opens a socket and reports how the server answered the upgrade: 'open', or the HTTP status. */
function tryConnect(url: string, origin?: string): Promise<{ status: 'open' | number; socket: WebSocket }> {
  const socket = new WebSocket(url, { origin });
  return within(3000, 'the upgrade answer', new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ status: 'open', socket }));
    socket.once('unexpected-response', (_, res) => resolve({ status: res.statusCode ?? 0, socket }));
    socket.once('error', reject);
  }));
}

const signalTo = (to: string) => ({ type: 'signal', to, data: { x: 1 } });

test('message rate: past the burst, frames are refused with rate-limited; after a refill they pass again', () =>
  withServer('message rate', { messagesPerSecond: 10, messageBurst: 5, rateStrikes: 100 }, async (server) => {
    const client = await TestClient.joined(server.wsUrl, 'Flooder');
    for (let i = 0; i < 12; i++) client.send({ ...signalTo('Nobody'), id: `m${i}` });
    const codes = [];
    for (let i = 0; i < 12; i++) codes.push((await client.next('error')).code);
    assert.ok(codes.filter((c) => c === 'user-offline').length <= 5, 'no more than the burst got through');
    assert.ok(codes.includes('rate-limited'));
    await refill(300);
    client.send({ ...signalTo('Nobody'), id: 'after' });
    assert.is((await client.next('error', (e) => e.ref === 'after')).code, 'user-offline');
    await client.close();
  }));

test('byte rate: a burst of big frames is cut off, small ones pass after a refill', () =>
  withServer('byte rate', { bytesPerSecond: 20_000, byteBurst: 20_000, rateStrikes: 100 }, async (server) => {
    const client = await TestClient.joined(server.wsUrl, 'Heavy');
    const big = { type: 'signal', to: 'Nobody', data: { blob: 'x'.repeat(8000) } };
    for (let i = 0; i < 4; i++) client.send(big);
    const codes = [await client.next('error'), await client.next('error'), await client.next('error'), await client.next('error')].map((e) => e.code);
    assert.equal(codes.slice(0, 2), ['user-offline', 'user-offline']);
    assert.ok(codes.slice(2).includes('rate-limited'));
    await refill(500);
    client.send({ ...signalTo('Nobody'), id: 'small' });
    assert.is((await client.next('error', (e) => e.ref === 'small')).code, 'user-offline');
    await client.close();
  }));

test('broadcast rate: the room is protected on its own, and the others see only what passed', () =>
  withServer('broadcast rate', { broadcastsPerSecond: 1, broadcastBurst: 2, rateStrikes: 100 }, async (server) => {
    const loud = await TestClient.joined(server.wsUrl, 'Loud');
    const listener = await TestClient.joined(server.wsUrl, 'Listener');
    for (let i = 0; i < 4; i++) loud.send({ type: 'broadcast', id: `b${i}`, text: `shout ${i}` });
    assert.is((await loud.next('error', (e) => e.ref === 'b2')).code, 'rate-limited');
    assert.is((await loud.next('error', (e) => e.ref === 'b3')).code, 'rate-limited');
    // Signals are not broadcasts: still allowed.
    loud.send(signalTo('Listener'));
    await listener.next('signal');
    assert.is(listener.count('broadcast'), 2);
    await refill(1100);
    loud.send({ type: 'broadcast', text: 'calm again' });
    await listener.next('broadcast', (m) => m.text === 'calm again');
    await Promise.all([loud.close(), listener.close()]);
  }));

test('persistent abuse closes the socket with 1008; others are untouched', () =>
  withServer('strikes', { messagesPerSecond: 1, messageBurst: 1, rateStrikes: 5 }, async (server) => {
    const bystander = await TestClient.joined(server.wsUrl, 'Bystander');
    const abuser = await TestClient.joined(server.wsUrl, 'Abuser');
    await bystander.joined('Abuser');
    for (let i = 0; i < 50; i++) abuser.send(signalTo('Nobody'));
    const { code } = await abuser.closed;
    assert.is(code, 1008);
    await bystander.left('Abuser');
    assert.is(bystander.count('error'), 0);
    await bystander.close();
  }));

test('connections per address and in total are capped, and free up when one closes', () =>
  withServer('connections per address', { maxConnectionsPerIp: 2, maxConnections: 3 }, async (server) => {
    const first = await tryConnect(server.wsUrl);
    const second = await tryConnect(server.wsUrl);
    assert.is(first.status, 'open');
    assert.is(second.status, 'open');
    assert.is((await tryConnect(server.wsUrl)).status, 429);
    first.socket.close();
    await new Promise((resolve) => first.socket.once('close', resolve));
    const third = await tryConnect(server.wsUrl);
    assert.is(third.status, 'open');
    second.socket.close();
    third.socket.close();
  }));

test('the total cap refuses with 503', () =>
  withServer('total connections', { maxConnections: 1 }, async (server) => {
    const only = await tryConnect(server.wsUrl);
    assert.is(only.status, 'open');
    assert.is((await tryConnect(server.wsUrl)).status, 503);
    only.socket.close();
  }));

test('with an Origin allow-list, other origins are refused with 403', () =>
  withServer('origin', { allowedOrigins: ['https://chat.example'] }, async (server) => {
    assert.is((await tryConnect(server.wsUrl, 'https://evil.example')).status, 403);
    assert.is((await tryConnect(server.wsUrl)).status, 403);
    const good = await tryConnect(server.wsUrl, 'https://chat.example');
    assert.is(good.status, 'open');
    good.socket.close();
  }));

test('a reader that stops reading is dropped once its backlog passes the bound; the room goes on', () =>
  withServer('slow reader', { maxBufferedBytes: 256 * 1024, resumeGraceMs: 0, broadcastsPerSecond: 1e6, broadcastBurst: 1e6, messagesPerSecond: 1e6, messageBurst: 1e6, bytesPerSecond: 1e9, byteBurst: 1e9 }, async (server) => {
    const sender = await TestClient.joined(server.wsUrl, 'Sender');
    const slow = await TestClient.joined(server.wsUrl, 'Slow');
    await sender.joined('Slow');
    // Stop reading at the TCP level: the kernel buffers fill, then the server's own queue grows.
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const text = 'y'.repeat(4000);
    let sent = 0;
    const gone = sender.left('Slow', 30_000);
    const pump = setInterval(() => {
      for (let i = 0; i < 200 && sent < 20_000; i++, sent++) sender.send({ type: 'broadcast', text });
    }, 5);
    try {
      await gone;
    } finally {
      clearInterval(pump);
    }
    assert.ok(sent < 20_000, 'dropped well before the sender ran out');
    assert.match(await (await fetch(`${server.url}/metrics`)).text(), /^chat_slow_readers_dropped_total 1$/m);
    sender.send({ type: 'broadcast', id: 'still', text: 'still fine' });
    await sender.next('broadcast-ack', (a) => a.ref === 'still', 10_000);
    await sender.close();
  }));

test.run();
