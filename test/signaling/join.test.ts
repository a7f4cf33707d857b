import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
test.before(async () => {
  server = await startTestServer({ iceServers: [{ urls: 'stun:127.0.0.1:3478' }] });
});
test.after(() => server.close());

test('welcome carries the name, the users online, a resume token and the ICE servers', async () => {
  const bob = await TestClient.joined(server.wsUrl, 'Bob');
  const alice = await TestClient.open(server.wsUrl);
  alice.send({ type: 'hello', v: 1, name: '  Alice ' });
  const welcome = await alice.next('welcome');
  assert.is(welcome.you, 'Alice');
  assert.equal(welcome.users.map((u) => u.name).sort(), ['Alice', 'Bob']);
  assert.type(welcome.resume, 'string');
  assert.ok(welcome.resume.length >= 16);
  assert.equal(welcome.ice, [{ urls: 'stun:127.0.0.1:3478' }]);
  await Promise.all([alice.close(), bob.close()]);
});

test('a taken name is rejected, whatever its case or width, and the same socket can try again', async () => {
  const first = await TestClient.joined(server.wsUrl, 'Carol');
  const second = await TestClient.open(server.wsUrl);
  for (const name of ['Carol', 'carol', 'ＣＡＲＯＬ']) {
    second.send({ type: 'hello', v: 1, name });
    const rejected = await second.next('rejected');
    assert.is(rejected.code, 'username-taken');
    assert.match(rejected.message, /already in use/);
  }
  second.send({ type: 'hello', v: 1, name: 'Caroline' });
  assert.is((await second.next('welcome')).you, 'Caroline');
  await Promise.all([first.close(), second.close()]);
});

test('an invalid name and a wrong protocol version are rejected with their reason', async () => {
  const client = await TestClient.open(server.wsUrl);
  client.send({ type: 'hello', v: 1, name: 'bad\u0000name' });
  assert.is((await client.next('rejected')).code, 'username-invalid');
  client.send({ type: 'hello', v: 99, name: 'Dave' });
  assert.is((await client.next('rejected')).code, 'unsupported-version');
  await client.close();
});

test('joining twice on one connection is an error', async () => {
  const client = await TestClient.joined(server.wsUrl, 'Erin');
  client.send({ type: 'hello', v: 1, name: 'Erin2' });
  assert.is((await client.next('error')).code, 'already-joined');
  await client.close();
});

test('50 clients racing for one name: exactly one wins, 49 get username-taken', async () => {
  const clients = await Promise.all(Array.from({ length: 50 }, () => TestClient.open(server.wsUrl)));
  for (const [i, client] of clients.entries()) client.send({ type: 'hello', v: 1, name: i % 2 ? 'Racer' : 'racer' });
  const outcomes = await Promise.all(
    clients.map((client) =>
      Promise.race([
        client.next('welcome').then(() => 'won'),
        client.next('rejected').then((r) => r.code),
      ]),
    ),
  );
  assert.is(outcomes.filter((o) => o === 'won').length, 1);
  assert.is(outcomes.filter((o) => o === 'username-taken').length, 49);
  await Promise.all(clients.map((c) => c.close()));
});

test.run();
