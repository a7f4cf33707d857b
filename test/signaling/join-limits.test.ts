/**
 * What one address may do with names: how fast it joins, and which of its dropped sessions are
 * held for resume. Clients come from other loopback addresses (`loopback(n)`), so each test can
 * play an attacker, an office and a bystander at once.
 */
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { shippedConfig, startTestServer } from '../../harness/server.ts';
import { loopback } from '../helpers/addresses.ts';
import { firstReply, TestClient } from '../helpers/ws-client.ts';

/** Waits for time to pass: a bucket refilling, a session ageing. Time is the behaviour under test here. */
const elapse = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a socket from `address` and sends hello; returns the client and how the hello was answered. */
async function hello(url: string, address: string, name: string, resume?: string) {
  const client = await TestClient.open(url, { localAddress: address });
  client.send({ type: 'hello', v: 1, name, resume });
  return { client, answer: await firstReply(client) };
}

/**
 * Joins from `address` and, once `watcher` has seen it arrive (a join and a drop in one presence
 * batch would net out), drops the TCP connection without a close frame, as a lost network would.
 */
async function joinAndDrop(url: string, watcher: TestClient, address: string, name: string): Promise<void> {
  const { client, answer } = await hello(url, address, name);
  assert.is(answer, 'welcome');
  await watcher.joined(name);
  client.socket.terminate();
  await client.closed;
}

test('joins from one address past its burst are refused with too-many-joins; another address joins; a refill lets it in', async () => {
  const server = await startTestServer({ joinBurstPerIp: 3, joinsPerSecondPerIp: 5 });
  const office = loopback(2);
  const joined = await Promise.all(['A1', 'A2', 'A3'].map(async (name) => (await hello(server.wsUrl, office, name)).client));
  const late = await hello(server.wsUrl, office, 'A4');
  assert.is(late.answer, 'too-many-joins');
  const elsewhere = await hello(server.wsUrl, loopback(3), 'B1');
  assert.is(elsewhere.answer, 'welcome', 'another address has a bucket of its own');
  await elapse(250);
  late.client.send({ type: 'hello', v: 1, name: 'A4' });
  await late.client.next('welcome');
  await Promise.all([...joined, late.client, elsewhere.client].map((client) => client.close()));
  await server.close();
});

test('a session dropped before it lived RESUME_MIN_SESSION_MS is not held: its name leaves at once and is free', async () => {
  const server = await startTestServer({ resumeGraceMs: 60_000, resumeMinSessionMs: 60_000 });
  const watcher = await TestClient.joined(server.wsUrl, 'Watcher');
  await joinAndDrop(server.wsUrl, watcher, loopback(2), 'Brief');
  await watcher.left('Brief');
  const again = await TestClient.joined(server.wsUrl, 'Brief');
  await Promise.all([watcher.close(), again.close()]);
  await server.close();
});

test('a session that lived past RESUME_MIN_SESSION_MS is held, and resumes with its token unseen', async () => {
  const server = await startTestServer({ resumeGraceMs: 60_000, resumeMinSessionMs: 200 });
  const watcher = await TestClient.joined(server.wsUrl, 'Watcher');
  const { client, answer } = await hello(server.wsUrl, loopback(2), 'Settled');
  assert.is(answer, 'welcome');
  const { resume } = await client.next('welcome');
  await elapse(300);
  client.socket.terminate();
  await client.closed;
  const back = await hello(server.wsUrl, loopback(2), 'Settled', resume);
  assert.is(back.answer, 'welcome');
  assert.is(watcher.announcements('left', 'Settled'), 0);
  await Promise.all([watcher.close(), back.client.close()]);
  await server.close();
});

test('names held for resume are capped per address; another address keeps its own', async () => {
  const server = await startTestServer({ resumeGraceMs: 60_000, resumeMinSessionMs: 0, resumeMaxPerIp: 2 });
  const watcher = await TestClient.joined(server.wsUrl, 'Watcher');
  const crowd = ['C1', 'C2', 'C3'];
  await Promise.all([...crowd.map((name) => joinAndDrop(server.wsUrl, watcher, loopback(2), name)), joinAndDrop(server.wsUrl, watcher, loopback(3), 'Other')]);
  // The third of the crowd to drop finds the address's two places taken.
  const gone = await watcher.left();
  assert.ok(crowd.includes(gone), `${gone} left`);
  // Fence: a clean leave is announced at once, after every drop above was handled.
  const fence = await TestClient.joined(server.wsUrl, 'Fence');
  await watcher.joined('Fence');
  await fence.close();
  await watcher.left('Fence');
  assert.is(crowd.filter((name) => watcher.announcements('left', name) > 0).length, 1, 'only one of the crowd left');
  assert.is(watcher.announcements('left', 'Other'), 0, 'the other address kept its place');
  await watcher.close();
  await server.close();
});

test('100 users joining from one address (an office behind NAT) over a few seconds all get in, with the shipped limits', async () => {
  const server = await startTestServer(shippedConfig());
  const watcher = await TestClient.joined(server.wsUrl, 'Watcher');
  const names = Array.from({ length: 100 }, (_, i) => `Colleague${i}`);
  const arrivals: Array<Promise<{ client: TestClient; answer: string }>> = [];
  const started = performance.now();
  for (const name of names) {
    arrivals.push(hello(server.wsUrl, loopback(2), name));
    await elapse(30);
  }
  const office = await Promise.all(arrivals);
  const seconds = (performance.now() - started) / 1000;
  const refused = office.filter(({ answer }) => answer !== 'welcome').map(({ answer }) => answer);
  console.log(`  office behind NAT: ${office.length - refused.length} of ${names.length} joined from one address over ${seconds.toFixed(1)} s`);
  assert.equal(refused, [], 'nobody refused');
  for (const name of names) await watcher.joined(name);
  await Promise.all([watcher, ...office.map(({ client }) => client)].map((client) => client.close()));
  await server.close();
});

test.run();
