import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { HEARTBEAT_TICK_MS } from '../../signaling/heartbeat.ts';
import { startTestServer } from '../../harness/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

test('a socket that stops answering pings is removed, and its user leaves after the grace', async () => {
  const server = await startTestServer({ heartbeatMs: 200, resumeGraceMs: 100 });
  const watcher = await TestClient.joined(server.wsUrl, 'Watcher');
  // autoPong off: the socket stays open at the TCP level but is as good as dead.
  const zombie = await TestClient.open(server.wsUrl, { autoPong: false });
  zombie.send({ type: 'hello', v: 1, name: 'Zombie' });
  await zombie.next('welcome');
  const started = Date.now();
  await watcher.left('Zombie');
  // Two heartbeat intervals plus the grace, with slack for a busy machine.
  assert.ok(Date.now() - started < 2000);
  const { code } = await zombie.closed;
  assert.is(code, 1006);
  // A live client answering pings was not touched.
  watcher.send({ type: 'broadcast', text: 'still alive' });
  await watcher.next('broadcast-ack');
  await watcher.close();
  await server.close();
});

test('pings are spread over the interval instead of sent to every socket at once', async () => {
  const intervalMs = 1000;
  const server = await startTestServer({ heartbeatMs: intervalMs });
  const clients = await Promise.all(Array.from({ length: (2 * intervalMs) / HEARTBEAT_TICK_MS }, () => TestClient.open(server.wsUrl)));
  const firstPings = await Promise.all(
    clients.map((client) => new Promise<number>((resolve) => client.socket.once('ping', () => resolve(performance.now())))),
  );
  // All at once, the spread would be a few milliseconds; sliced, it is most of an interval.
  const spread = Math.max(...firstPings) - Math.min(...firstPings);
  assert.ok(spread >= intervalMs / 2, `first pings spread over ${spread.toFixed(0)} ms`);
  await Promise.all(clients.map((client) => client.close()));
  await server.close();
});

test.run();
