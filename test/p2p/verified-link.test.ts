/** Identity over real WebRTC (Node peers): safety numbers, and a lying server splicing itself into a private chat. */
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { HeadlessPeer } from '../../client/node/headless-peer.ts';
import { toUsername } from '../../common/username.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { MitmHub } from '../helpers/mitm-hub.ts';
import { within } from '../helpers/timing.ts';

const BOB = toUsername('Bob');
const ALICE = toUsername('Alice');
const servers: TestServer[] = [];
const peers: HeadlessPeer[] = [];
test.after(async () => {
  await Promise.all(peers.map((peer) => peer.close()));
  for (const server of servers) await server.close();
});

async function aliceAndBob(server: TestServer): Promise<[HeadlessPeer, HeadlessPeer]> {
  servers.push(server);
  const alice = await HeadlessPeer.join(server.wsUrl, 'Alice');
  const bob = await HeadlessPeer.join(server.wsUrl, 'Bob');
  peers.push(alice, bob);
  await within(3000, 'each to see the other', Promise.all([alice.waitFor(BOB), bob.waitFor(ALICE)]));
  return [alice, bob];
}

test('through an honest server, both sides prove their keys on the link and compute the same safety number', async () => {
  const [alice, bob] = await aliceAndBob(await startTestServer());
  await within(15_000, 'the link', Promise.all([alice.connect(BOB), bob.connect(ALICE)]));
  assert.is(alice.identities.status(BOB)?.verdict, 'proven');
  assert.is(bob.identities.status(ALICE)?.verdict, 'proven');
  const number = await alice.identities.safetyNumber(ALICE, BOB);
  assert.match(number ?? '', /^\d{60}$/);
  assert.is(await bob.identities.safetyNumber(BOB, ALICE), number);
});

test('a server in the middle (two peers of its own, forwarding every frame) is caught on both sides, and no message text reaches it', async () => {
  const mitm = new MitmHub('Alice', 'Bob');
  const [alice, bob] = await aliceAndBob(await startTestServer({}, mitm));
  const failed = (peer: HeadlessPeer, other: typeof BOB) => peer.sessions.next('state', (who, state) => who.key === other.key && state === 'failed');
  const caught = within(15_000, 'both sides to give up on the link', Promise.all([failed(alice, BOB), failed(bob, ALICE)]));
  alice.chat.send(BOB, { id: 'secret-1', text: 'the secret plan', at: Date.now() });
  await caught;
  assert.is(alice.identities.status(BOB)?.verdict, 'forged');
  assert.is(bob.identities.status(ALICE)?.verdict, 'forged');
  // The middle really was in the path: it carried both proofs, and nothing else.
  assert.ok(mitm.carriedOnlyProofs(), `the middle carried ${JSON.stringify(mitm.passed.map((frame) => frame.t))}`);
  assert.not.match(JSON.stringify(mitm.passed), 'secret');
});

test('a server in the middle of the file connection only: the link is dropped on both sides before a file byte goes on it', async () => {
  const mitm = new MitmHub('Alice', 'Bob', { splice: 'files' });
  const [alice, bob] = await aliceAndBob(await startTestServer({}, mitm));
  const failed = (peer: HeadlessPeer, other: typeof BOB) => peer.sessions.next('state', (who, state) => who.key === other.key && state === 'failed');
  const caught = within(30_000, 'both sides to give up on the link', Promise.all([failed(alice, BOB), failed(bob, ALICE)]));
  const bytes = new Uint8Array(256 * 1024).fill(7);
  const source = { size: bytes.length, open: (at: number) => ({ read: async (into: Uint8Array) => bytes.subarray(at, (at = Math.min(bytes.length, at + into.length))), close() {} }) };
  bob.transfers.on('offer', (from, info) => bob.transfers.accept(from, info.id, { write: async () => {}, flush: async () => true, truncate: async () => {}, finish: async () => {}, discard: async () => {} }));
  alice.transfers.offer(BOB, [{ name: 'private.bin', type: 'application/octet-stream', source }]);
  await caught;
  assert.is(alice.identities.status(BOB)?.verdict, 'forged');
  assert.is(bob.identities.status(ALICE)?.verdict, 'forged');
  assert.is(mitm.files!.bytes, 0, 'no file byte went through the middle');
});

test.run();
