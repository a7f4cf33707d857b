import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestServer, TestClient } from '../helpers.ts';

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

test.run();
