import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
test.before(async () => {
  server = await startTestServer();
});
test.after(() => server.close());

test('a ping from a joined client is answered with a pong carrying its id, to it alone', async () => {
  const ann = await TestClient.joined(server.wsUrl, 'Ann');
  const ben = await TestClient.joined(server.wsUrl, 'Ben');
  ann.send({ type: 'ping', id: 'p-1' });
  assert.is((await ann.next('pong')).ref, 'p-1');
  // A broadcast as a fence: had Ben been sent a pong, it would have come before this.
  ann.send({ type: 'broadcast', text: 'fence' });
  await ben.next('broadcast', (m) => m.text === 'fence');
  assert.is(ben.count('pong'), 0);
  await Promise.all([ann.close(), ben.close()]);
});

test('a ping before joining is refused as not-joined (an answer all the same)', async () => {
  const client = await TestClient.open(server.wsUrl);
  client.send({ type: 'ping', id: 'early' });
  const error = await client.next('error');
  assert.is(error.code, 'not-joined');
  assert.is(error.ref, 'early');
  await client.close();
});

test.run();
