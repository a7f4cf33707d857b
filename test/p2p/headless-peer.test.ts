import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import type { ServerMessage } from '../../common/protocol.ts';
import { toUsername } from '../../common/username.ts';
import { HeadlessPeer } from '../../client/node/headless-peer.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { HubInBetween } from '../helpers/hub-in-between.ts';
import { within } from '../helpers/timing.ts';

/** The real memory hub, with a record of every frame it relayed. */
class RecordingHub extends HubInBetween {
  readonly relayed: ServerMessage[] = [];
  override deliver(key: string, message: ServerMessage) {
    this.relayed.push(message);
    return super.deliver(key, message);
  }
  override broadcast(message: ServerMessage, exceptKey?: string) {
    this.relayed.push(message);
    return super.broadcast(message, exceptKey);
  }
}

const ALICE = toUsername('Alice');
const BOB = toUsername('Bob');
let sent = 0;
/** A private chat message as it goes over the data channel. */
const message = (text: string) => ({ t: 'msg' as const, id: `m${++sent}`, text, at: Date.now() });

let server: TestServer;
const hub = new RecordingHub();
const peers: HeadlessPeer[] = [];
test.before(async () => {
  server = await startTestServer({}, hub);
});
test.after(async () => {
  await Promise.all(peers.map((peer) => peer.close()));
  await server.close();
});

test('two Node peers open a WebRTC data channel through the relay and talk over it, not the server', async () => {
  const alice = await HeadlessPeer.join(server.wsUrl, 'Alice');
  const bob = await HeadlessPeer.join(server.wsUrl, 'Bob');
  peers.push(alice, bob);
  if (!alice.signaling.isOnline(BOB)) {
    await within(3000, 'Bob in the user list', alice.signaling.next('user-joined', (u) => u.display === 'Bob'));
  }
  assert.ok(alice.signaling.isOnline(BOB));

  const bobHears = bob.chat.next('received');
  await within(15_000, 'the peer link', alice.connect('Bob'));
  assert.ok(alice.sessions.send(BOB, message('secret for Bob only')));
  const [from, received] = await within(5000, "Bob's message", bobHears);
  assert.is(from.display, 'Alice');
  assert.is(received.text, 'secret for Bob only');

  // Data can arrive a moment before the answering side reports the link open: wait for that.
  await within(5000, "Bob's side of the link", bob.connect('Alice'));
  const aliceHears = alice.chat.next('received');
  assert.ok(bob.sessions.send(ALICE, message('secret reply')));
  assert.equal((await within(5000, "Alice's message", aliceHears))[1].text, 'secret reply');
  assert.is(await alice.sessions.route(BOB), 'direct');

  const types = new Set(hub.relayed.map((m) => m.type));
  assert.ok(types.has('signal'), 'the negotiation went through the relay');
  assert.equal([...types], ['signal'], 'nothing but negotiation went through the server');
  const everything = JSON.stringify(hub.relayed);
  assert.not.match(everything, 'secret');
});

test('both sides opening at once still ends in one working link', async () => {
  const carol = await HeadlessPeer.join(server.wsUrl, 'Carol');
  const dave = await HeadlessPeer.join(server.wsUrl, 'Dave');
  peers.push(carol, dave);
  await within(15_000, 'both links', Promise.all([carol.connect('Dave'), dave.connect('Carol')]));
  const heard = carol.chat.next('received');
  assert.ok(dave.sessions.send(toUsername('Carol'), message('no glare')));
  assert.equal((await within(5000, 'the message', heard))[1].text, 'no glare');
  assert.is(carol.sessions.state(toUsername('Dave')), 'open');
  assert.is(dave.sessions.state(toUsername('Carol')), 'open');
  // One side made every offer: the deterministic rule, not luck, resolved the glare.
  const offers = hub.relayed.filter(
    (m) => m.type === 'signal' && (m.from === 'Carol' || m.from === 'Dave') && (m.data.signal as { type?: string } | undefined)?.type === 'offer',
  );
  assert.ok(offers.length >= 1);
  assert.equal([...new Set(offers.map((m) => m.type === 'signal' && m.from))], ['Carol']);
});

test('what a peer sends just before it closes arrives: close() gives its links time to send it', async () => {
  const dana = await HeadlessPeer.join(server.wsUrl, 'Dana');
  const erin = await HeadlessPeer.join(server.wsUrl, 'Erin');
  peers.push(erin);
  await within(15_000, 'the peer link', dana.connect('Erin'));
  await within(5000, "Erin's side of the link", erin.connect('Dana'));
  const heard: string[] = [];
  erin.chat.on('received', (_, received) => heard.push(received.text));
  const texts = Array.from({ length: 20 }, (_, i) => `last words ${i} ${'.'.repeat(8000)}`);
  for (const text of texts) assert.ok(dana.sessions.send(toUsername('Erin'), message(text)));
  await dana.close();
  const all = erin.chat.next('received', () => heard.length === texts.length);
  if (heard.length < texts.length) await within(5000, 'every frame at Erin', all).catch(() => {});
  assert.is(heard.length, texts.length, `${heard.length} of ${texts.length} frames arrived`);
});

test.run();
