/** `PeerSessions` on real signaling clients and the real server, with memory peer links. */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import type { SignalEnvelope } from '../../../common/peer-wire.ts';
import { sameUser, toUsername } from '../../../common/username.ts';
import { MemoryNetwork } from '../../helpers/memory-peer-links.ts';
import { deliverEnvelope, openLink, untilOnline, untilState, usersOnServer } from '../../helpers/service-users.ts';
import { within } from '../../helpers/timing.ts';
import { uniqueName } from '../../helpers/unique-name.ts';

const users = usersOnServer(test);

test('two users connecting at once end with one open link, every offer made by the one whose name key sorts first', async () => {
  const network = new MemoryNetwork();
  // 'Z' sorts before 'a' by code point, 'amy' before 'zed' by key: the rule must go by key.
  const [zed, amy] = await users.pair({ network }, [uniqueName('Zed'), uniqueName('amy')]);
  const open = Promise.all([untilState(zed, amy.name, 'open'), untilState(amy, zed.name, 'open')]);
  zed.sessions.connect(amy.name);
  amy.sessions.connect(zed.name);
  await open;
  assert.equal(network.offers, [amy.name.display]);
  assert.is(network.links.length, 2, 'one link end on each side, no second attempt');
  assert.is(network.open().length, 2);
});

test('a frame sent over an open link arrives as a typed frame event naming the sender as a Username', async () => {
  const network = new MemoryNetwork();
  const [ann, bob] = await users.pair({ network });
  await openLink(ann, bob);
  const heard = bob.sessions.next('frame');
  assert.ok(ann.sessions.send(bob.name, { t: 'media', muted: true, cameraOff: false }));
  const [from, frame] = await within(3000, 'the frame at Bob', heard);
  assert.equal(from, ann.name);
  assert.equal(frame, { t: 'media', muted: true, cameraOff: false });
});

test('after the link breaks, both sides go connecting and a new link opens by itself', async () => {
  const network = new MemoryNetwork();
  const [ann, bob] = await users.pair({ network });
  await openLink(ann, bob);
  network.open()[0]!.cut();
  assert.is(ann.sessions.state(bob.name), 'connecting');
  assert.is(bob.sessions.state(ann.name), 'connecting');
  await Promise.all([untilState(ann, bob.name, 'open'), untilState(bob, ann.name, 'open')]);
  assert.equal(network.offers, [ann.name.display, ann.name.display], 'a second offer, from the same side');
  assert.is(network.open().length, 2);
});

test('a late answer from an abandoned attempt (stale sid) leaves the new link open', async () => {
  const network = new MemoryNetwork();
  const [ann, bob] = await users.pair({ network });
  const answers: SignalEnvelope[] = [];
  ann.signaling.on('signal', (from, envelope) => {
    if (sameUser(from, bob.name) && envelope.kind === 'session' && envelope.signal.data.type === 'answer') answers.push(envelope);
  });
  await openLink(ann, bob);
  network.open()[0]!.cut();
  await Promise.all([untilState(ann, bob.name, 'open'), untilState(bob, ann.name, 'open')]);
  const [stale, current] = answers;
  assert.ok(stale?.kind === 'session' && current?.kind === 'session' && stale.sid !== current.sid, 'two attempts, two session ids');

  await deliverEnvelope(bob, ann, stale);
  assert.is(ann.sessions.state(bob.name), 'open');
  assert.is(network.open().length, 2, 'the new link is untouched');
  assert.is(network.links.length, 4, 'and no third attempt began');
});

test('with maxAttempts 2 and a peer that never answers, the link ends failed after two attempts; connect() then starts over', async () => {
  const network = new MemoryNetwork();
  const ann = await users.join(uniqueName('Ann'), { network, maxAttempts: 2, connectTimeoutMs: 150 });
  // A bare socket: online, so offers reach it, but it never answers. Its name sorts after Ann's: she offers.
  const silent = toUsername(uniqueName('Silent'));
  await users.raw(silent.display);
  await untilOnline(ann, silent);

  ann.sessions.connect(silent);
  await untilState(ann, silent, 'failed', 5000);
  assert.is(network.links.length, 2);

  ann.sessions.connect(silent);
  assert.is(ann.sessions.state(silent), 'connecting');
  await untilState(ann, silent, 'failed', 5000);
  assert.is(network.links.length, 4, 'the second connect() had two attempts of its own');
});

test('when the other user leaves the server, the session is closed and forgotten', async () => {
  const network = new MemoryNetwork();
  const [ann, bob] = await users.pair({ network });
  await openLink(ann, bob);
  const closed = untilState(ann, bob.name, 'closed');
  // Only Bob's socket goes: his end of the link stays up, so nothing but his leaving can close Ann's.
  bob.signaling.close();
  await closed;
  assert.is(ann.sessions.state(bob.name), undefined);
  assert.ok(network.links.every((link) => link.owner !== ann.name.display || link.state === 'closed'), "Ann's end of the link is closed");
  bob.close();
});

test('a name that leaves and is back in the same presence batch (a reload) keeps the link its new page made', async () => {
  const network = new MemoryNetwork();
  const [ann, bob] = await users.pair({ network });
  await openLink(ann, bob);
  // What a batch {left: [Bob], joined: [Bob]} does: 'user-left' first, and by the end of it Bob is listed again.
  // Here Bob never left the list, as after such a batch; the link Ann has is the new page's.
  const signaling = ann.signaling as unknown as { emit(event: 'user-left', user: typeof bob.name): void };
  signaling.emit('user-left', bob.name);
  await Promise.resolve();
  assert.is(ann.sessions.state(bob.name), 'open');
  assert.ok(ann.sessions.send(bob.name, { t: 'typing', on: true }), 'the link still carries frames');
  bob.close();
});

test.run();
