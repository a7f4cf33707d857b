/**
 * The cluster survives its parts failing: a Redis restart (it comes back empty) and a server
 * process killed without a chance to clean up.
 */
import * as assert from 'uvu/assert';
import { clusterSuite } from '../helpers/cluster.ts';
import { firstReply, type TestClient } from '../helpers/ws-client.ts';

/** Short, so a dead process's users go quickly (the heartbeat runs every third of it), yet a busy machine misses no beat. */
const CLAIM_TTL_MS = 3000;

const { test, world } = clusterSuite('cluster: failures', 3, { CLAIM_TTL_MS: String(CLAIM_TTL_MS), RESUME_GRACE_MS: '500' });

/**
 * Joins `name` on process `index`, asking again while the process answers `unavailable` (it has
 * not reached Redis yet): once served, that process is connected and has re-asserted its users.
 */
async function joinWhenServed(index: number, name: string): Promise<TestClient> {
  const client = await world.open(index);
  for (let attempt = 0; attempt < 100; attempt++) {
    client.received.length = 0;
    client.send({ type: 'hello', v: 1, name });
    const reply = await firstReply(client);
    if (reply === 'welcome') return client;
    if (reply !== 'unavailable') throw new Error(`${name} was refused: ${reply}`);
    // Redis is still coming back; each attempt is answered, so this only paces the retries.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`process ${index} never served a join`);
}

/** Polls `/readyz` (a load balancer's view) until it says `ready`. */
async function untilReady(url: string, ready: boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await fetch(`${url}/readyz`)).status;
    if (status === (ready ? 200 : 503)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url}/readyz stayed ${status}, expected ${ready ? 200 : 503}`);
}

async function helloReply(index: number, name: string): Promise<string> {
  const client = await world.open(index);
  client.send({ type: 'hello', v: 1, name });
  return firstReply(client);
}

let alice: TestClient;
let bob: TestClient;
let carol: TestClient;

test('a Redis restart is survived: users stay listed, names stay unique, joins and relays work', async () => {
  alice = await joinWhenServed(0, 'Alice');
  bob = await joinWhenServed(1, 'Bob');
  carol = await joinWhenServed(2, 'Carol');
  await alice.joined('Carol');
  await bob.joined('Carol');

  await world.redis.stop();
  // Without Redis a process cannot serve joins, and says so to its load balancer.
  for (const node of world.nodes) await untilReady(node.url, false);
  await world.redis.start();
  for (const node of world.nodes) await untilReady(node.url, true);

  // Each process serves a join again, and hears presence from the others again.
  const probes = [await joinWhenServed(0, 'Probe0'), await joinWhenServed(1, 'Probe1'), await joinWhenServed(2, 'Probe2')];
  const last = await joinWhenServed(0, 'Last');
  for (const probe of probes) await probe.joined('Last');

  const welcome = last.received.find((m) => m.type === 'welcome');
  const listed = welcome?.type === 'welcome' ? welcome.users.map((u) => u.name).sort() : [];
  assert.equal(listed, ['Alice', 'Bob', 'Carol', 'Last', 'Probe0', 'Probe1', 'Probe2']);
  for (const [index, name] of [[0, 'Bob'], [1, 'Carol'], [2, 'Alice'], [0, 'alice']] as const) {
    assert.is(await helloReply(index, name), 'username-taken', `${name} through process ${index}`);
  }

  alice.send({ type: 'signal', to: 'Bob', data: { after: 'restart' } });
  assert.equal((await bob.next('signal')).data, { after: 'restart' });
  carol.send({ type: 'broadcast', text: 'still one room' });
  carol.send({ type: 'broadcast', text: 'fence' });
  for (const client of [alice, bob]) {
    await client.next('broadcast', (m) => m.text === 'fence');
    assert.is(client.count('broadcast', (m) => m.type === 'broadcast' && m.text === 'still one room'), 1);
  }
  // Nobody saw anybody leave: the restart was invisible to the users.
  for (const client of [alice, bob, carol]) assert.is(client.announced.filter((e) => e.kind === 'left').length, 0);
});

test('a killed process: its users vanish everywhere within the claim TTL, and their names are free again', async () => {
  await joinWhenServed(2, 'Dora');
  await alice.joined('Dora');
  await bob.joined('Dora');

  const killed = Date.now();
  await world.nodes[2]!.stop('SIGKILL');
  for (const watcher of [alice, bob]) {
    for (const name of ['Dora', 'Carol', 'Probe2']) await watcher.left(name, CLAIM_TTL_MS * 4);
  }
  const elapsed = Date.now() - killed;
  // The bound is the TTL; the slack is for a busy machine (timers, the presence tick).
  assert.ok(elapsed < CLAIM_TTL_MS + 750, `gone after ${elapsed} ms`);
  console.log(`  SIGKILL: the dead process's users were gone everywhere after ${elapsed} ms (claim TTL ${CLAIM_TTL_MS} ms)`);

  const newDora = await joinWhenServed(1, 'Dora');
  const welcome = newDora.received.find((m) => m.type === 'welcome');
  const listed = welcome?.type === 'welcome' ? welcome.users.map((u) => u.name) : [];
  assert.not.ok(listed.includes('Carol'), 'no ghosts');
  await alice.joined('Dora');
});

test.run();
