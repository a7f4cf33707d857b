/** `PeerSessions` with identities: a link carries nothing private until the peer proves who it is on it. */
import { test } from '../../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { MemoryKnownKeys } from '../../../../client/core/identity/known-keys.ts';
import { ephemeralIdentity } from '../../../../client/core/identity/identity-key.ts';
import type { PeerFrame } from '../../../../common/peer-wire.ts';
import { toUsername } from '../../../../common/username.ts';
import { MemoryNetwork } from '../../../helpers/memory-peer-links.ts';
import { deliverEnvelope, openLink, untilState, usersOnServer } from '../../../helpers/service-users.ts';
import { within } from '../../../helpers/timing.ts';
import { uniqueName } from '../../../helpers/unique-name.ts';

const users = usersOnServer(test);

test('an open link has a proven identity on both sides, and both sides compute the same safety number', async () => {
  const network = new MemoryNetwork();
  const [ann, bob] = await users.pair({ network });
  await openLink(ann, bob);
  assert.is(ann.identities.status(bob.name)?.verdict, 'proven');
  assert.is(bob.identities.status(ann.name)?.verdict, 'proven');
  const number = await ann.identities.safetyNumber(ann.name, bob.name);
  assert.match(number ?? '', /^\d{60}$/);
  assert.is(await bob.identities.safetyNumber(bob.name, ann.name), number);
});

test("a proof that does not fit the connection fails the link on that side, and nothing private crosses it", async () => {
  const network = new MemoryNetwork();
  const stranger = await ephemeralIdentity()();
  // What Bob receives as Ann's proof carries a key that did not sign it, as if relayed from a connection elsewhere.
  const forge = (frame: PeerFrame): PeerFrame => (frame.t === 'identity' ? { ...frame, key: stranger!.publicKey } : frame);
  const ann = await users.join(uniqueName('Ann'), { network });
  const bob = await users.join(uniqueName('Bob'), { network, tamper: { receive: forge } });
  const delivered: PeerFrame[] = [];
  bob.sessions.on('frame', (_, frame) => delivered.push(frame));
  const failed = untilState(bob, ann.name, 'failed', 5000);
  ann.chat.send(bob.name, { id: 'm1', text: 'for Bob only', at: Date.now() });
  await failed;
  assert.is(bob.identities.status(ann.name)?.verdict, 'forged');
  assert.equal(delivered, []);
  assert.not.ok(bob.sessions.send(ann.name, { t: 'typing', on: true }), 'nothing goes out on it either');
});

test('a known name back with another key holds the link: nothing is delivered until the new key is accepted, and the verified mark is gone', async () => {
  const network = new MemoryNetwork();
  const annKeys = new MemoryKnownKeys();
  const bobName = uniqueName('Bob');
  const ann = await users.join(uniqueName('Ann'), { network, knownKeys: annKeys });
  const bob = await users.join(bobName, { network });
  await openLink(ann, bob);
  await ann.identities.setVerified(bob.name, true);
  assert.is((await annKeys.get(bob.name.key))?.verified, true);
  bob.close();
  await untilState(ann, bob.name, 'closed');

  const newBob = await users.join(bobName, { network });
  const received: string[] = [];
  ann.chat.on('received', (_, message) => received.push(message.text));
  const held = untilState(ann, newBob.name, 'held', 5000);
  newBob.chat.send(ann.name, { id: 'n1', text: 'it is me, new laptop', at: Date.now() });
  await held;
  assert.is(ann.identities.status(newBob.name)?.verdict, 'key-changed');
  assert.is(ann.identities.status(newBob.name)?.verified, false);
  assert.is((await annKeys.get(newBob.name.key))?.verified, false, 'the verified mark is removed from the pin');
  assert.not.ok(ann.sessions.send(newBob.name, { t: 'typing', on: true }), 'nothing goes out on a held link');
  assert.equal(received, []);

  const heard = ann.chat.next('received');
  await ann.sessions.acceptNewKey(newBob.name);
  assert.is((await within(5000, 'the message sent while held', heard))[1].text, 'it is me, new laptop');
  assert.is(ann.sessions.state(newBob.name), 'open');
  assert.is(ann.identities.status(newBob.name)?.verdict, 'proven');
});

test('a side without WebCrypto (plain http) opens unverifiable links, but a name it had a key for is held', async () => {
  const network = new MemoryNetwork();
  const annKeys = new MemoryKnownKeys();
  const bobName = uniqueName('Bob');
  const ann = await users.join(uniqueName('Ann'), { network, knownKeys: annKeys });
  const keylessBob = await users.join(bobName, { network, identity: async () => null });
  await openLink(ann, keylessBob);
  assert.is(ann.identities.status(keylessBob.name)?.verdict, 'unverifiable');
  assert.is(keylessBob.identities.status(ann.name)?.verdict, 'unverifiable');
  assert.is(await ann.identities.safetyNumber(ann.name, keylessBob.name), undefined);
  keylessBob.close();
  await untilState(ann, keylessBob.name, 'closed');

  await annKeys.put(toUsername(bobName).key, { publicKey: (await ephemeralIdentity()())!.publicKey, verified: true });
  const keylessAgain = await users.join(bobName, { network, identity: async () => null });
  const held = untilState(ann, keylessAgain.name, 'held', 5000);
  ann.sessions.connect(keylessAgain.name);
  await held;
  assert.is(ann.identities.status(keylessAgain.name)?.verdict, 'key-changed');
});

test("the peer's request for a link while ours is open and proving itself starts no second attempt", async () => {
  const network = new MemoryNetwork();
  // Bob's proof never reaches Ann, so her link stays open and unproven (until its timeout).
  const ann = await users.join(uniqueName('Ann'), { network, tamper: { receive: (frame) => (frame.t === 'identity' ? null : frame) } });
  const bob = await users.join(uniqueName('Bob'), { network });
  ann.sessions.connect(bob.name);
  await within(3000, "Ann's link to open", network.links[0]!.next('open'));
  assert.is(ann.sessions.state(bob.name), 'connecting');
  await deliverEnvelope(bob, ann, { kind: 'request' });
  assert.is(network.links.filter((link) => link.owner === ann.name.display).length, 1, 'still the one link of Ann');
});

test.run();
