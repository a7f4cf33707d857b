/** `CallService` on the real server, with fake cameras and microphones and memory peer links. */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import type { Call } from '../../../client/core/call/call.ts';
import { fakeMedia, type FakeMedia } from '../../helpers/fake-media.ts';
import { MemoryNetwork } from '../../helpers/memory-peer-links.ts';
import { untilOnline, usersOnServer, type TestUser } from '../../helpers/service-users.ts';
import { within } from '../../helpers/timing.ts';
import { uniqueName } from '../../helpers/unique-name.ts';

// The shortest ring the server allows, so that the no-answer test takes a second.
const users = usersOnServer(test, { callTimeoutMs: 1000 });

interface Caller extends TestUser {
  /** Every stream this user's fake camera and microphone handed out. */
  opened: FakeMedia['opened'];
}

async function caller(name: string, network: MemoryNetwork, media = fakeMedia()): Promise<Caller> {
  return Object.assign(await users.join(uniqueName(name), { network, media }), { opened: media.opened });
}

/** Ann and Bob (Ann's name key sorts first) with fake cameras and microphones, seeing each other online. */
async function annAndBob(bobMedia?: FakeMedia): Promise<[Caller, Caller]> {
  const network = new MemoryNetwork();
  const [ann, bob] = [await caller('Ann', network), await caller('Bob', network, bobMedia)];
  await Promise.all([untilOnline(ann, bob.name), untilOnline(bob, ann.name)]);
  return [ann, bob];
}

/** Resolves with `user`'s call once `accept` holds for it (at once if it does already). */
function untilCall(user: TestUser, what: string, accept: (call: Call) => boolean, ms = 3000): Promise<Call> {
  const now = user.calls.current;
  if (now && accept(now)) return Promise.resolve(now);
  const changed = user.calls.next('change', (call) => call !== null && accept(call));
  return within(ms, `${user.name.display}: ${what}`, changed.then(([call]) => call!));
}

const ended = (user: TestUser) => untilCall(user, 'the call to end', (call) => call.phase === 'ended');
const active = (user: TestUser) => untilCall(user, 'the call to be active with a remote stream', (call) => call.phase === 'active' && call.remote !== undefined);

/** Does `act`, then resolves with how the call ended for `a` and for `b`. */
async function endingsAfter(a: TestUser, b: TestUser, act: () => unknown): Promise<Array<Call['ending']>> {
  const endings = Promise.all([ended(a), ended(b)]);
  await act();
  return (await endings).map((call) => call.ending);
}

/** `from` rings `to`; resolves once it rings there. */
async function ring(from: TestUser, to: TestUser, media: Call['media'] = 'audio'): Promise<Call> {
  const ringing = untilCall(to, 'the ring', (call) => call.phase === 'incoming');
  await from.calls.start(to.name, media);
  return ringing;
}

/** `from` rings `to`, who accepts; resolves once the call is active on both sides. */
async function connect(from: TestUser, to: TestUser): Promise<[Call, Call]> {
  await ring(from, to);
  const both = Promise.all([active(from), active(to)]);
  await to.calls.accept();
  return both;
}

test('ring, accept: both sides active, each with the other’s stream as remote', async () => {
  const [ann, bob] = await annAndBob();
  const incoming = await ring(ann, bob, 'video');
  assert.equal([incoming.peer, incoming.media, incoming.direction], [ann.name, 'video', 'incoming']);
  const both = Promise.all([active(ann), active(bob)]);
  await bob.calls.accept();
  const [annCall, bobCall] = await both;
  assert.is(annCall.id, bobCall.id);
  assert.is(annCall.remote, bob.opened[0]);
  assert.is(bobCall.remote, ann.opened[0]);
});

/** Calls that end while ringing: what one side does, and how the call then ended for Ann (the caller) and for Bob. */
const ENDED_WHILE_RINGING: Array<{ title: string; bobMedia?: FakeMedia; act: (ann: TestUser, bob: TestUser) => unknown; endings: Array<Call['ending']> }> = [
  {
    title: 'decline: the caller ends declined, the callee ends declined by itself',
    act: (_, bob) => bob.calls.decline(),
    endings: [{ reason: 'declined', byMe: false }, { reason: 'declined', byMe: true }],
  },
  {
    title: 'hanging up while it rings cancels the call on both sides',
    act: (ann) => ann.calls.hangUp(),
    endings: [{ reason: 'cancelled', byMe: true }, { reason: 'cancelled', byMe: false }],
  },
  {
    title: 'a callee without microphone permission ends no-permission, and the caller hears why',
    bobMedia: fakeMedia('no-permission'),
    act: (_, bob) => bob.calls.accept(),
    endings: [{ reason: 'no-permission', byMe: false }, { reason: 'no-permission', byMe: true }],
  },
];

for (const { title, bobMedia, act, endings } of ENDED_WHILE_RINGING) {
  test(title, async () => {
    const [ann, bob] = await annAndBob(bobMedia);
    await ring(ann, bob);
    assert.equal(await endingsAfter(ann, bob, () => act(ann, bob)), endings);
  });
}

test('ringing someone already in a call ends busy for the caller, and the running call goes on', async () => {
  const [ann, bob] = await annAndBob();
  const [, running] = await connect(ann, bob);
  const cat = await caller('Cat', new MemoryNetwork());
  await untilOnline(cat, bob.name);
  const catEnded = ended(cat);
  await cat.calls.start(bob.name, 'audio');
  assert.equal((await catEnded).ending, { reason: 'busy', byMe: false });
  const now = bob.calls.current;
  assert.equal([now?.id, now?.phase], [running.id, 'active'], 'Bob’s call with Ann goes on');
});

test('a ring nobody answers ends no-answer on both sides once the server’s call timeout passes', async () => {
  const [ann, bob] = await annAndBob();
  const { callTimeoutMs } = users.server.config;
  const rang = Date.now();
  const endings = await endingsAfter(ann, bob, () => ring(ann, bob));
  assert.equal(endings, [{ reason: 'no-answer', byMe: true }, { reason: 'no-answer', byMe: false }]);
  assert.ok(Date.now() - rang >= callTimeoutMs - 20, `ended after ${Date.now() - rang} ms, before the ${callTimeoutMs} ms timeout`);
});

test('mute: the local audio track is disabled and the other side sees peerMuted', async () => {
  const [ann, bob] = await annAndBob();
  await connect(ann, bob);
  const seen = untilCall(bob, 'Ann muted', (call) => call.peerMuted);
  ann.calls.setMuted(true);
  assert.equal(ann.opened[0]!.getAudioTracks().map((track) => track.enabled), [false]);
  assert.ok(ann.calls.current?.muted);
  await seen;
});

test('hang up: both sides end hung-up (by the one who hung up), and every local track is stopped', async () => {
  const [ann, bob] = await annAndBob();
  await connect(ann, bob);
  const endings = await endingsAfter(ann, bob, () => bob.calls.hangUp());
  assert.equal(endings, [{ reason: 'hung-up', byMe: false }, { reason: 'hung-up', byMe: true }]);
  const tracks = [...ann.opened, ...bob.opened].flatMap((stream) => stream.getTracks());
  assert.ok(tracks.length > 0 && tracks.every((track) => track.stopped), 'every track stopped');
});

test('crossed rings (both ring each other at once) end in one active call, rung on the side whose key sorts last', async () => {
  const [ann, bob] = await annAndBob();
  const ringing = untilCall(bob, 'Ann’s ring in place of his own call', (call) => call.phase === 'incoming');
  await Promise.all([ann.calls.start(bob.name, 'audio'), bob.calls.start(ann.name, 'audio')]);
  const incoming = await ringing;
  assert.ok(bob.opened[0]!.getTracks().every((track) => track.stopped), 'Bob’s own call let go of his microphone');
  const both = Promise.all([active(ann), active(bob)]);
  await bob.calls.accept();
  const [annCall, bobCall] = await both;
  assert.equal([annCall.id, bobCall.id], [incoming.id, incoming.id], 'one call: Ann’s');
  assert.equal([annCall.direction, bobCall.direction], ['outgoing', 'incoming']);
});

test.run();
