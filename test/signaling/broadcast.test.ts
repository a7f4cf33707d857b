import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
test.before(async () => {
  server = await startTestServer();
});
test.after(() => server.close());

test('a broadcast reaches every other user exactly once, stamped by the server', async () => {
  const names = ['Ann', 'Ben', 'Cid', 'Dee'];
  const clients = [];
  for (const name of names) clients.push(await TestClient.joined(server.wsUrl, name));
  const [ann, ...others] = clients as [TestClient, ...TestClient[]];
  const before = Date.now();
  ann.send({ type: 'broadcast', id: 'c-1', text: 'hello room', from: 'Mallory', at: 0 });
  const ack = await ann.next('broadcast-ack');
  assert.is(ack.ref, 'c-1');
  for (const other of others) {
    const message = await other.next('broadcast');
    assert.is(message.from, 'Ann', 'the forged "from" is ignored');
    assert.is(message.text, 'hello room');
    assert.is(message.id, ack.id);
    assert.ok(message.at >= before && message.at <= Date.now(), 'the server stamps the time');
  }
  // A second broadcast as a fence: once it arrives, any duplicate of the first would have too.
  ann.send({ type: 'broadcast', text: 'fence' });
  for (const other of others) {
    await other.next('broadcast', (m) => m.text === 'fence');
    assert.is(other.count('broadcast', (m) => m.type === 'broadcast' && m.text === 'hello room'), 1);
  }
  assert.is(ann.count('broadcast'), 0, 'the sender gets an ack, not its own message');
  await Promise.all(clients.map((c) => c.close()));
});

test('broadcasting before joining is refused', async () => {
  const client = await TestClient.open(server.wsUrl);
  client.send({ type: 'broadcast', id: 'early', text: 'hi' });
  const error = await client.next('error');
  assert.is(error.code, 'not-joined');
  assert.is(error.ref, 'early');
  await client.close();
});

test.run();
