import * as assert from 'uvu/assert';
import { ERROR_TEXT } from '../../../common/errors.ts';
import type { MediaPort } from '../../../client/core/call/media-port.ts';
import { EVERYONE, type ChatModel } from '../../../client/web/chat/chat-model.ts';
import { chatModelSuite, chatWith, closeModel, listed, messagesIn, until } from '../../helpers/chat-models.ts';
import { pseudoRandomBytes } from '../../helpers/memory-link.ts';
import { uniqueName } from '../../helpers/unique-name.ts';

const { test, world } = chatModelSuite('chat model');

/** The titles the model lists, but only Everyone and `names` (other tests' users are online too). */
const titles = (model: ChatModel, names: string[]) =>
  model.conversations.map((c) => c.title).filter((title) => title === 'Everyone' || names.includes(title));
const inRoom = (model: ChatModel, text: string) => messagesIn(model, EVERYONE).find((m) => m.text === text);
const roomUnread = (model: ChatModel) => listed(model, EVERYONE)!.unread;
const lastWith = (model: ChatModel, peer: ChatModel) => messagesIn(model, chatWith(peer.me!)).at(-1);

test('join: me is the name as the server spells it (trimmed, composed)', async () => {
  const typed = uniqueName('Zoe\u0308');
  const model = world.model();
  assert.is(model.me, null);
  assert.ok(await model.join(`  ${typed}  `));
  assert.is(model.me, typed.normalize('NFC'));
});

test('join: a name taken in another case sets joinError, and me stays null', async () => {
  const name = uniqueName('Taken');
  await world.joined(name);
  const second = world.model();
  assert.is(await second.join(name.toUpperCase()), false);
  assert.is(second.joinError, ERROR_TEXT['username-taken']);
  assert.is(second.me, null);
});

test('the list is Everyone first, then the people online alphabetically, whatever their case', async () => {
  const watcher = await world.joined(uniqueName('Watcher'));
  const names = [uniqueName('zed'), uniqueName('Mia'), uniqueName('abe')];
  for (const name of names) await world.joined(name);
  await until(watcher, () => titles(watcher, names).length === 4, 'all three listed');
  assert.is(watcher.conversations[0]!.id, EVERYONE);
  assert.equal(titles(watcher, names), ['Everyone', names[2], names[1], names[0]]);
});

test('someone who leaves drops out of the list, unless theirs is the open conversation', async () => {
  const [watcher, open] = await world.pair();
  const gone = await world.joined(uniqueName('Gone'));
  const names = [open.me!, gone.me!];
  await until(watcher, () => titles(watcher, names).length === 3, 'both listed');
  watcher.open(chatWith(open.me!));
  closeModel(open);
  closeModel(gone);
  await until(watcher, () => !watcher.active.online && titles(watcher, names).length === 2, 'both offline');
  assert.equal(titles(watcher, names), ['Everyone', names[0]]);
  watcher.open(EVERYONE);
  assert.equal(titles(watcher, names), ['Everyone']);
});

test('a broadcast is pending, then sent, for its sender; the other model gets it in Everyone', async () => {
  const [alice, bob] = await world.pair();
  alice.send('  hello everyone  ');
  assert.is(inRoom(alice, 'hello everyone')?.status, 'pending');
  await until(alice, () => inRoom(alice, 'hello everyone')?.status === 'sent', 'the ack');
  const heard = await until(bob, () => inRoom(bob, 'hello everyone'), 'the broadcast at Bob');
  assert.equal([heard.from, heard.outgoing, heard.status], [alice.me, false, 'received']);
});

/** Alice broadcasts `text`; resolves with Bob's unread count in Everyone once it has arrived. */
async function unreadAfter(alice: ChatModel, bob: ChatModel, text: string): Promise<number> {
  alice.send(text);
  await until(bob, () => inRoom(bob, text), `${text} at Bob`);
  return roomUnread(bob);
}

test('a broadcast counts as unread only while the user is not looking', async () => {
  const [alice, bob] = await world.pair();
  assert.is(await unreadAfter(alice, bob, 'seen'), 0);
  bob.setLooking(false);
  assert.is(await unreadAfter(alice, bob, 'unseen'), 1);
  assert.is(bob.unreadTotal, 1);
  bob.setLooking(true);
  assert.is(roomUnread(bob), 0);
});

test('a broadcast counts as unread while another conversation is open; opening Everyone clears it', async () => {
  const [alice, bob] = await world.pair();
  bob.open(chatWith(alice.me!));
  assert.is(await unreadAfter(alice, bob, 'elsewhere'), 1);
  bob.open(EVERYONE);
  assert.is(roomUnread(bob), 0);
});

test('a private message crosses real WebRTC into the conversation named for its sender, and reaches delivered', async () => {
  const [alice, bob] = await world.pair();
  alice.open(chatWith(bob.me!));
  alice.send('just between us');
  const sent = lastWith(alice, bob)!;
  assert.is(sent.status, 'pending');
  const got = await until(bob, () => messagesIn(bob, chatWith(alice.me!)).find((m) => m.id === sent.id), 'the message at Bob', 15_000);
  assert.is(listed(bob, chatWith(alice.me!))!.title, alice.me);
  assert.equal([got.text, got.from, got.status], ['just between us', alice.me, 'received']);
  await until(alice, () => lastWith(alice, bob)?.status === 'delivered', 'the ack');
  assert.is(alice.active.link, 'open');
});

test('a private message to someone offline goes out when they are back, even after the link attempt gave up', async () => {
  const quickToGiveUp = { sessions: { connectTimeoutMs: 500 } };
  const [alice, bob] = await world.pair([quickToGiveUp]);
  const [bobName, bobResume] = [bob.me!, bob.signaling.resumeToken];
  closeModel(bob);
  await until(alice, () => !listed(alice, chatWith(bobName))?.online, 'Bob gone');
  alice.open(chatWith(bobName));
  alice.send('while you were out');
  await until(alice, () => alice.active.link === 'closed', 'the link attempt to be given up');
  await world.joined(bobName, {}, bobResume);
  await until(alice, () => alice.active.messages.at(-1)?.status === 'delivered', 'delivered once Bob is back', 15_000);
});

/** A caller's microphone that opens (with no tracks), so that the call can ring. */
const ringable: MediaPort = {
  open: async () => ({ getTracks: () => [], getAudioTracks: () => [], getVideoTracks: () => [] }),
  openScreen: async () => null,
};
const callRecord = (model: ChatModel, peer: ChatModel) => messagesIn(model, chatWith(peer.me!)).find((m) => m.call);

test('a declined call is kept in both conversations as data, not as a sentence', async () => {
  const [alice, bob] = await world.pair([{ media: ringable }]);
  alice.open(chatWith(bob.me!));
  await alice.call('audio');
  await until(bob, () => bob.calls.current?.phase === 'incoming', 'the ring');
  bob.calls.decline();
  const callerSide = await until(alice, () => callRecord(alice, bob), "the caller's record");
  const calleeSide = await until(bob, () => callRecord(bob, alice), "the callee's record");
  assert.equal(callerSide.call, { media: 'audio', direction: 'outgoing', ending: 'declined', durationMs: undefined });
  assert.equal(calleeSide.call, { media: 'audio', direction: 'incoming', ending: 'declined', durationMs: undefined });
  assert.equal([callerSide.text, calleeSide.text], ['', '']);
  assert.is(callerSide.id, calleeSide.id);
});

/** Alice offers Bob a file named `name`; resolves with its id once Bob has the offer. */
async function offerFile(alice: ChatModel, bob: ChatModel, bytes: Uint8Array<ArrayBuffer>, name: string): Promise<string> {
  alice.open(chatWith(bob.me!));
  alice.sendFiles([new File([bytes], name)]);
  const offer = await until(bob, () => messagesIn(bob, chatWith(alice.me!)).find((m) => m.file?.state === 'incoming'), 'the offer', 15_000);
  return offer.id;
}
const fileState = (model: ChatModel, peer: ChatModel) => lastWith(model, peer)?.file?.state;

test('an accepted file is done on both sides, and arrives with the same bytes under its sanitised name', async () => {
  const [alice, bob] = await world.pair();
  const bytes = pseudoRandomBytes(700_001, 5) as Uint8Array<ArrayBuffer>;
  const id = await offerFile(alice, bob, bytes, '../secret/a?.bin');
  await bob.acceptFile(chatWith(alice.me!), id);
  await until(bob, () => fileState(bob, alice) === 'done', 'done at Bob');
  await until(alice, () => fileState(alice, bob) === 'done', 'done at Alice');
  const { file, name } = await bob.receivedFile(chatWith(alice.me!), id);
  assert.is(name, 'a_.bin');
  assert.equal(new Uint8Array(await file.arrayBuffer()), bytes);
});

test('a declined file ends declined on both sides', async () => {
  const [alice, bob] = await world.pair();
  const id = await offerFile(alice, bob, pseudoRandomBytes(1000) as Uint8Array<ArrayBuffer>, 'a.bin');
  bob.declineFile(chatWith(alice.me!), id);
  await until(bob, () => fileState(bob, alice) === 'declined', 'declined at Bob');
  await until(alice, () => fileState(alice, bob) === 'declined', 'declined at Alice');
});

test('busy (no reload for an update, screen kept on): our offer until it is in, not one offered to us; whenIdle waits for it', async () => {
  const [alice, bob] = await world.pair();
  assert.not.ok(alice.busy || bob.busy, 'nothing running');
  const id = await offerFile(alice, bob, pseudoRandomBytes(700_001, 6) as Uint8Array<ArrayBuffer>, 'busy.bin');
  assert.ok(alice.busy, 'our offer: a reload would lose the picked file');
  assert.not.ok(bob.busy, 'an offer to us survives a reload');
  let stateWhenIdle: string | undefined = 'not idle yet';
  const idle = alice.whenIdle().then(() => (stateWhenIdle = fileState(alice, bob)));
  await Promise.resolve();
  assert.is(stateWhenIdle, 'not idle yet');
  await bob.acceptFile(chatWith(alice.me!), id);
  await until(alice, () => fileState(alice, bob) === 'done', 'done at Alice');
  await idle;
  assert.is(stateWhenIdle, 'done');
  assert.not.ok(alice.busy || bob.busy, 'all done');
});

test.run();
