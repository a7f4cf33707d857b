/**
 * Three real server processes sharing one real redis-server behave as one server: presence,
 * broadcasts, signals and calls cross processes, and a name is unique across all of them.
 */
import * as assert from 'uvu/assert';
import { clusterSuite } from '../helpers/cluster.ts';
import { firstReply, type TestClient } from '../helpers/ws-client.ts';

const { test, world } = clusterSuite('cluster: routing', 3);

/** Joins `name` on process `index`. */
async function joinOn(index: number, name: string): Promise<TestClient> {
  const client = await world.open(index);
  client.send({ type: 'hello', v: 1, name });
  await client.next('welcome');
  return client;
}

let alice: TestClient;
let bob: TestClient;
let carol: TestClient;

test('users on different processes see each other arrive, live', async () => {
  alice = await joinOn(0, 'Alice');
  bob = await joinOn(1, 'Bob');
  carol = await joinOn(2, 'Carol');
  await alice.joined('Bob');
  await alice.joined('Carol');
  await bob.joined('Carol');
  const welcome = carol.received.find((m) => m.type === 'welcome');
  assert.equal(welcome?.type === 'welcome' && welcome.users.map((u) => u.name).sort(), ['Alice', 'Bob', 'Carol']);
  assert.is(carol.announcements('joined', 'Carol'), 0);
});

test('a broadcast reaches everyone on every process exactly once', async () => {
  alice.send({ type: 'broadcast', id: 'b1', text: 'hello cluster' });
  await alice.next('broadcast-ack', (m) => m.ref === 'b1');
  alice.send({ type: 'broadcast', id: 'b2', text: 'fence' });
  for (const client of [bob, carol]) {
    await client.next('broadcast', (m) => m.text === 'fence');
    assert.is(client.count('broadcast', (m) => m.type === 'broadcast' && m.text === 'hello cluster'), 1);
    const heard = client.received.find((m) => m.type === 'broadcast' && m.text === 'hello cluster');
    assert.is(heard?.type === 'broadcast' && heard.from, 'Alice');
  }
  assert.is(alice.count('broadcast'), 0);
});

test('signals for a private chat are relayed to the process holding the other user', async () => {
  alice.send({ type: 'signal', to: 'bob', data: { type: 'offer', sdp: 'v=0 from alice' } });
  const offer = await bob.next('signal');
  assert.is(offer.from, 'Alice');
  assert.equal(offer.data, { type: 'offer', sdp: 'v=0 from alice' });
  bob.send({ type: 'signal', to: 'Alice', data: { type: 'answer', sdp: 'v=0 from bob' } });
  assert.is((await alice.next('signal')).from, 'Bob');
  alice.send({ type: 'signal', id: 's1', to: 'Nobody', data: {} });
  assert.is((await alice.next('error', (m) => m.ref === 's1')).code, 'user-offline');
});

test('a call rings across processes, and the answer comes back', async () => {
  bob.send({ type: 'call', to: 'Carol', callId: 'call-1', action: 'ring', media: 'video' });
  const ring = await carol.next('call');
  assert.equal([ring.from, ring.action, ring.media, ring.callId], ['Bob', 'ring', 'video', 'call-1']);
  carol.send({ type: 'call', to: 'Bob', callId: 'call-1', action: 'accept' });
  const answer = await bob.next('call');
  assert.equal([answer.from, answer.action], ['Carol', 'accept']);
});

test('fifty clients over three processes race for one name: exactly one wins', async () => {
  const racers = await Promise.all(Array.from({ length: 50 }, (_, i) => world.open(i % 3)));
  for (const racer of racers) racer.send({ type: 'hello', v: 1, name: 'Highlander' });
  const replies = await Promise.all(racers.map(firstReply));
  assert.is(replies.filter((reply) => reply === 'welcome').length, 1, replies.join(' '));
  assert.is(replies.filter((reply) => reply === 'username-taken').length, 49);
  await alice.joined('Highlander');
});

test.run();
