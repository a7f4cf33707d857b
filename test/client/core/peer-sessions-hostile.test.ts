/** Peer sessions against hostile peers: a flood of frames over an open link, and strangers offering links nobody asked for. */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { PEER_LIMITS } from '../../../common/limits.ts';
import { toUsername } from '../../../common/username.ts';
import { MemoryNetwork } from '../../helpers/memory-peer-links.ts';
import { openLink, untilOnline, usersOnServer } from '../../helpers/service-users.ts';
import { within } from '../../helpers/timing.ts';
import { TestClient } from '../../helpers/ws-client.ts';

const BOB = toUsername('Bob');
const MALLORY = toUsername('Mallory');

const users = usersOnServer(test);
const sockets: TestClient[] = [];

test('a peer flooding private messages is held to the rate limit, and its link is closed when it keeps on', async () => {
  const [mallory, bob] = await users.pair({ network: new MemoryNetwork() }, ['Mallory', 'Bob']);
  await openLink(mallory, bob);
  let received = 0;
  bob.chat.on('received', () => received++);
  const closed = bob.sessions.next('state', (peer, state) => peer.key === MALLORY.key && state !== 'open');
  const frames = 30_000;
  const started = performance.now();
  for (let i = 0; i < frames; i++) mallory.sessions.send(BOB, { t: 'msg', id: `flood-${i}`, text: 'spam', at: Date.now() });
  const ended = await within(10_000, 'Bob to close the flooding link', closed.then(([, state]) => state)).catch(() => 'still open');
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${frames} chat frames in ${seconds.toFixed(2)} s: Bob took ${received} as messages; link ${ended}`);
  const allowed = PEER_LIMITS.shownFrameBurst + Math.ceil(PEER_LIMITS.shownFramesPerSec * seconds);
  assert.ok(received <= allowed, `${received} of ${frames} flooded messages were taken (allowed ${allowed})`);
  assert.is(ended, 'closed');

  // Asking for a new link right away is ignored: no session, no link.
  const asked = bob.signaling.next('signal', (from) => from.key === MALLORY.key);
  mallory.sessions.connect(BOB);
  await within(5000, 'Mallory asking again', asked);
  assert.is(bob.sessions.state(MALLORY), undefined, 'Bob made no session (nor link) for Mallory');
});

test('links offered by strangers are bounded while they connect, and a link we ask for still opens', async () => {
  const network = new MemoryNetwork();
  const bea = await users.join('Bea', { network, connectTimeoutMs: 60_000 });
  const carol = await users.join('Carol', { network });
  // Names before Bea's make offers to her; names after ask her (`request`) to make one to them.
  const strangers = 30;
  for (let i = 0; i < strangers; i++) {
    const name = i % 2 === 0 ? `a${String(i).padStart(3, '0')}` : `z${String(i).padStart(3, '0')}`;
    sockets.push(await users.raw(name));
  }
  let signals = 0;
  const heardAll = new Promise<void>((resolve) =>
    bea.signaling.on('signal', () => {
      if (++signals === strangers) resolve();
    }),
  );
  for (const [i, socket] of sockets.slice(-strangers).entries()) {
    const data = i % 2 === 0 ? { sid: `stranger-${i}`, signal: { type: 'offer', sdp: 'nothing to meet' } } : { request: true };
    socket.send({ type: 'signal', to: 'Bea', data });
  }
  await within(5000, 'every stranger’s signal at Bea', heardAll);
  const connecting = network.alive().length;
  console.log(`  ${strangers} strangers offered links: Bea made ${connecting} peer links for them`);
  assert.ok(connecting <= PEER_LIMITS.maxUnsolicitedLinks, `${connecting} links for strangers`);

  await untilOnline(bea, carol.name);
  await openLink(bea, carol);
  assert.is(bea.sessions.state(toUsername('Carol')), 'open');
});

test.run();
