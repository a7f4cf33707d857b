/** A call's own connection is proven like a chat link before anything of the call is shown or sent. */
import { test } from '../../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import type { Call } from '../../../../client/core/call/call.ts';
import { ephemeralIdentity } from '../../../../client/core/identity/identity-key.ts';
import type { PeerFrame } from '../../../../common/peer-wire.ts';
import { fakeMedia } from '../../../helpers/fake-media.ts';
import { MemoryNetwork, type Tampering } from '../../../helpers/memory-peer-links.ts';
import { untilOnline, usersOnServer, type TestUser } from '../../../helpers/service-users.ts';
import { within } from '../../../helpers/timing.ts';
import { uniqueName } from '../../../helpers/unique-name.ts';

const users = usersOnServer(test);

async function annAndBob(bobTamper?: Tampering) {
  const network = new MemoryNetwork();
  const annMedia = fakeMedia();
  const ann = await users.join(uniqueName('Ann'), { network, media: annMedia });
  const bob = await users.join(uniqueName('Bob'), { network, media: fakeMedia(), tamper: bobTamper });
  await Promise.all([untilOnline(ann, bob.name), untilOnline(bob, ann.name)]);
  return { ann, bob, annMedia };
}

function until(user: TestUser, what: string, accept: (call: Call) => boolean): Promise<Call> {
  return within(3000, `${user.name.display}: ${what}`, user.calls.next('change', (call) => call !== null && accept(call)).then(([call]) => call!));
}

test('a proven call is active with the other side\'s stream, and our tracks send what the user chose', async () => {
  const { ann, bob, annMedia } = await annAndBob();
  const ringing = until(bob, 'the ring', (call) => call.phase === 'incoming');
  await ann.calls.start(bob.name, 'video');
  await ringing;
  const active = Promise.all([ann, bob].map((user) => until(user, 'active', (call) => call.phase === 'active' && call.remote !== undefined)));
  await bob.calls.accept();
  await active;
  assert.ok(annMedia.opened[0]!.tracks.every((track) => track.enabled));
});

test("a call whose proof does not fit its connection stops on that side: no stream shown, and our tracks left disabled", async () => {
  const stranger = await ephemeralIdentity()();
  const forge = (frame: PeerFrame): PeerFrame => (frame.t === 'identity' && frame.lane === 'call' ? { ...frame, key: stranger!.publicKey } : frame);
  const { ann, bob } = await annAndBob({ receive: forge });
  const bobMedia = [] as Array<{ enabled: boolean }[]>;
  bob.calls.on('change', (call) => call?.local && bobMedia.push(call.local.getTracks()));
  const ringing = until(bob, 'the ring', (call) => call.phase === 'incoming');
  await ann.calls.start(bob.name, 'video');
  await ringing;
  const stopped = until(bob, 'the call to stop', (call) => call.phase === 'ended');
  await bob.calls.accept();
  const call = await stopped;
  assert.equal(call.ending, { reason: 'not-proven', byMe: true });
  assert.is(call.remote, undefined);
  assert.ok(bobMedia.at(-1)!.every((track) => !track.enabled), "Bob's camera and microphone are still disabled");
  assert.is(bob.identities.status(ann.name)?.verdict, 'forged');
});

test.run();
