import * as assert from 'uvu/assert';
import { toUsername } from '../../../common/username.ts';
import { EVERYONE, type ChatModel } from '../../../client/web/chat/chat-model.ts';
import { chatModelSuite, chatWith, closeModel, messagesIn, until } from '../../helpers/chat-models.ts';
import { MemoryHistory } from '../../helpers/memory-chat-ports.ts';

const { test, world } = chatModelSuite('chat model history');

const withText = (model: ChatModel, id: string, text: string) => messagesIn(model, id).filter((m) => m.text === text);
const statusOf = (model: ChatModel, id: string, text: string) => withText(model, id, text)[0]?.status;

/** `from` opens its chat with `to` and says `text`; resolves once `to` has it and `from` sees it delivered. */
async function sayPrivately(from: ChatModel, to: ChatModel, text: string): Promise<void> {
  from.open(chatWith(to.me!));
  from.send(text);
  await until(to, () => withText(to, chatWith(from.me!), text).length > 0, `${text} at ${to.me}`, 15_000);
  await until(from, () => statusOf(from, chatWith(to.me!), text) === 'delivered', `${text} delivered`);
}

test('after a reload, the messages are back in their conversations', async () => {
  const history = new MemoryHistory();
  const [alice, bob] = await world.pair([{ history }]);
  alice.send('to the room');
  await until(alice, () => statusOf(alice, EVERYONE, 'to the room') === 'sent', 'the broadcast ack');
  await sayPrivately(alice, bob, 'to Bob');
  await sayPrivately(bob, alice, 'to Alice');

  const reloaded = await world.reload(alice, { history });
  const room = withText(reloaded, EVERYONE, 'to the room');
  const chat = messagesIn(reloaded, chatWith(bob.me!)).map((m) => [m.text, m.from, m.status]);
  assert.equal(room.map((m) => [m.from, m.status]), [[reloaded.me, 'sent']]);
  assert.equal(chat, [['to Bob', reloaded.me, 'delivered'], ['to Alice', bob.me, 'received']]);
});

test('a private message sent while its peer was offline goes out after the reload, and arrives once', async () => {
  const history = new MemoryHistory();
  const [alice, bob] = await world.pair([{ history }]);
  const [bobName, bobResume] = [bob.me!, bob.signaling.resumeToken];
  closeModel(bob);
  await until(alice, () => alice.conversations.every((c) => c.title !== bobName), 'Bob gone');
  alice.open(chatWith(bobName));
  alice.send('while you were out');
  assert.is(statusOf(alice, chatWith(bobName), 'while you were out'), 'pending');

  const bobAgain = await world.joined(bobName, {}, bobResume);
  const reloaded = await world.reload(alice, { history });
  assert.is(statusOf(reloaded, chatWith(bobName), 'while you were out'), 'pending');
  await until(reloaded, () => statusOf(reloaded, chatWith(bobName), 'while you were out') === 'delivered', 'delivered after the reload', 15_000);
  assert.is(withText(bobAgain, chatWith(reloaded.me!), 'while you were out').length, 1);
});

test('a private message cut off by a reload before the link opened goes out after it, and arrives once', async () => {
  const history = new MemoryHistory();
  const [alice, bob] = await world.pair([{ history }]);
  alice.open(chatWith(bob.me!));
  alice.send('said just before the reload');
  const reloaded = await world.reload(alice, { history });
  assert.is(statusOf(reloaded, chatWith(bob.me!), 'said just before the reload'), 'pending');
  await until(reloaded, () => statusOf(reloaded, chatWith(bob.me!), 'said just before the reload') === 'delivered', 'delivered', 15_000);
  assert.is(withText(bob, chatWith(reloaded.me!), 'said just before the reload').length, 1);
});

test('where the history cannot open, joining and chatting still work, and nothing is kept', async () => {
  const history = new MemoryHistory();
  history.unavailable = true;
  const [alice, bob] = await world.pair([{ history }]);
  alice.send('nothing kept');
  await until(alice, () => statusOf(alice, EVERYONE, 'nothing kept') === 'sent', 'the broadcast ack');
  await until(bob, () => withText(bob, EVERYONE, 'nothing kept').length > 0, 'the broadcast at Bob');
  await sayPrivately(alice, bob, 'still private');
  assert.equal(history.messages(toUsername(alice.me!).key), []);
});

test.run();
