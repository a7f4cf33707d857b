import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { WebSocket } from 'ws';
import type { Config } from '../../signaling/config.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { UNLIMITED, floodBroadcasts, stopReading } from '../helpers/backlog.ts';
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
        `${total('chat_broadcasts_skipped_total')} broadcasts skipped, ${total('chat_slow_readers_dropped_total')} slow readers dropped`,
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

/** Joins `name` from the loopback address `address`, so a test can stand for several machines. */
async function joinedFrom(server: TestServer, address: string, name: string): Promise<TestClient> {
  const client = await TestClient.open(server.wsUrl, { localAddress: address });
  client.send({ type: 'hello', v: 1, name });
  await client.next('welcome');
  return client;
}

/** How the server answered the broadcast `ref`: an ack, or an error (a refusal). */
const outcome = (client: TestClient, ref: string) =>
  Promise.race([
    client.next('broadcast-ack', (a) => a.ref === ref).then(() => 'sent'),
    client.next('error', (e) => e.ref === ref).then((e) => e.code),
  ]);

test('broadcasts per address: the sockets of one address share a budget; another address has its own', () =>
  withServer('broadcasts per address', { ipBroadcastsPerSecond: 0.01, ipBroadcastBurst: 3, rateStrikes: 100 }, async (server) => {
    const crowd = await Promise.all([1, 2, 3].map((i) => joinedFrom(server, '127.0.0.1', `Same${i}`)));
    const outcomes = [];
    for (const [i, client] of crowd.entries()) {
      for (let j = 0; j < 2; j++) client.send({ type: 'broadcast', id: `b${i}${j}`, text: 'hi' });
      for (let j = 0; j < 2; j++) outcomes.push(await outcome(client, `b${i}${j}`));
    }
    assert.equal(outcomes, ['sent', 'sent', 'sent', 'rate-limited', 'rate-limited', 'rate-limited']);
    const elsewhere = await joinedFrom(server, '127.0.0.4', 'Elsewhere');
    elsewhere.send({ type: 'broadcast', id: 'other', text: 'from another address' });
    assert.is(await outcome(elsewhere, 'other'), 'sent');
    await Promise.all([...crowd, elsewhere].map((client) => client.close()));
  }));

test('broadcasts for the whole server: every address together keeps within one budget', () =>
  withServer('broadcasts per server', { serverBroadcastsPerSecond: 0.01, serverBroadcastBurst: 3, rateStrikes: 100 }, async (server) => {
    const one = await joinedFrom(server, '127.0.0.1', 'One');
    const two = await joinedFrom(server, '127.0.0.5', 'Two');
    const outcomes = [];
    for (const [i, client] of [one, two, one, two].entries()) {
      client.send({ type: 'broadcast', id: `s${i}`, text: 'hi' });
      outcomes.push(await outcome(client, `s${i}`));
    }
    assert.equal(outcomes, ['sent', 'sent', 'sent', 'rate-limited']);
    await Promise.all([one.close(), two.close()]);
  }));

test('a reader far behind is skipped by broadcasts, not dropped; once it catches up it is told how many it missed', () =>
  withServer('skipped broadcasts', { ...UNLIMITED, skipBufferedBytes: 64 * 1024 }, async (server) => {
    const sender = await TestClient.joined(server.wsUrl, 'Sender');
    const slow = await TestClient.joined(server.wsUrl, 'Slow');
    await sender.joined('Slow');
    const readAgain = stopReading(slow.socket);
    const count = 2000;
    await floodBroadcasts(sender, count);
    readAgain();
    sender.send(signalTo('Slow'));
    await slow.next('signal', () => true, 30_000);
    const missed = await slow.next('missed', () => true, 5000);
    const heard = slow.count('broadcast');
    assert.ok(missed.broadcasts > 0 && missed.since <= missed.until);
    assert.is(heard + missed.broadcasts, count, `${heard} heard + ${missed.broadcasts} missed`);
    // Caught up: broadcasts flow again.
    sender.send({ type: 'broadcast', text: 'welcome back' });
    await slow.next('broadcast', (m) => m.text === 'welcome back');
    assert.match(await (await fetch(`${server.url}/metrics`)).text(), /^chat_slow_readers_dropped_total 0$/m);
    await Promise.all([sender.close(), slow.close()]);
  }));

test('a reader that stops reading for good is dropped within two heartbeats, broadcasts skipped or not', () =>
  withServer('stalled reader', { ...UNLIMITED, heartbeatMs: 300, resumeGraceMs: 0 }, async (server) => {
    const sender = await TestClient.joined(server.wsUrl, 'Sender');
    const stalled = await TestClient.joined(server.wsUrl, 'Stalled');
    await sender.joined('Stalled');
    stopReading(stalled.socket);
    const started = performance.now();
    const pump = setInterval(() => sender.send({ type: 'broadcast', text: 'y'.repeat(4000) }), 5);
    try {
      await sender.left('Stalled', 5000);
    } finally {
      clearInterval(pump);
    }
    // Its pings wait behind the backlog, unanswered.
    assert.ok(performance.now() - started < 2 * 300 + 1500, `dropped after ${(performance.now() - started).toFixed(0)} ms`);
    await sender.close();
  }));

test('a reader whose backlog of frames that are never skipped (signals) passes the bound is dropped; the room goes on', () =>
  withServer('slow reader', { ...UNLIMITED, maxBufferedBytes: 256 * 1024, resumeGraceMs: 0 }, async (server) => {
    const sender = await TestClient.joined(server.wsUrl, 'Sender');
    const slow = await TestClient.joined(server.wsUrl, 'Slow');
    await sender.joined('Slow');
    stopReading(slow.socket);
    const signal = { type: 'signal', to: 'Slow', data: { sdp: 'y'.repeat(16_000) } };
    let sent = 0;
    const gone = sender.left('Slow', 30_000);
    const pump = setInterval(() => {
      for (let i = 0; i < 200 && sent < 20_000; i++, sent++) sender.send(signal);
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
