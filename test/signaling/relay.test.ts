import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
let alice: TestClient, bob: TestClient, carol: TestClient;
test.before(async () => {
  server = await startTestServer();
  alice = await TestClient.joined(server.wsUrl, 'Alice');
  bob = await TestClient.joined(server.wsUrl, 'Bob');
  carol = await TestClient.joined(server.wsUrl, 'Carol');
});
test.after(async () => {
  await Promise.all([alice.close(), bob.close(), carol.close()]);
  await server.close();
});

test('a signal reaches only the named user, stamped with the real sender', async () => {
  const data = { sid: 's1', signal: { type: 'offer', sdp: 'v=0\r\n' } };
  alice.send({ type: 'signal', to: 'bob', data, from: 'Carol' });
  const signal = await bob.next('signal');
  assert.is(signal.from, 'Alice');
  assert.equal(signal.data, data);
  // Fence: a later signal to Carol arrives, and she never saw the first.
  alice.send({ type: 'signal', to: 'Carol', data: { fence: true } });
  await carol.next('signal');
  assert.is(carol.count('signal'), 1);
  assert.is(alice.count('signal'), 0);
});

test('a signal to an offline user fails with user-offline', async () => {
  alice.send({ type: 'signal', id: 'sig-9', to: 'Nobody', data: { x: 1 } });
  const error = await alice.next('error');
  assert.is(error.code, 'user-offline');
  assert.is(error.ref, 'sig-9');
});

test('a signal to yourself is refused', async () => {
  alice.send({ type: 'signal', id: 'me', to: 'ALICE', data: { x: 1 } });
  assert.is((await alice.next('error')).code, 'self-target');
});

test('call control relays every action with its call id and media', async () => {
  alice.send({ type: 'call', to: 'Bob', callId: 'call-1', action: 'ring', media: 'video' });
  const ring = await bob.next('call');
  assert.equal(ring, { type: 'call', from: 'Alice', callId: 'call-1', action: 'ring', media: 'video' });
  for (const action of ['accept', 'decline', 'busy', 'cancel', 'hangup'] as const) {
    bob.send({ type: 'call', to: 'Alice', callId: 'call-1', action });
    const relayed = await alice.next('call');
    assert.is(relayed.action, action);
    assert.is(relayed.callId, 'call-1');
    assert.is(relayed.from, 'Bob');
  }
});

test('ringing an offline user fails clearly', async () => {
  alice.send({ type: 'call', id: 'ring-1', to: 'Ghost', callId: 'call-2', action: 'ring', media: 'audio' });
  const error = await alice.next('error');
  assert.is(error.code, 'user-offline');
  assert.is(error.ref, 'ring-1');
  assert.match(error.message, /Ghost/);
});

test.run();
