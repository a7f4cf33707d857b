/** The conversation store under a flood: what each message costs, and what stays in memory. */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { ConversationStore } from '../../../client/web/chat/conversation-store.ts';
import type { StoredMessage } from '../../../client/web/chat/stored-message.ts';
import { toUsername } from '../../../common/username.ts';

const MALLORY = toUsername('Mallory');

test('30,000 messages from one peer: the last cost what the first did, and memory holds a bounded number', () => {
  const store = new ConversationStore();
  const conversation = store.privateWith(MALLORY, true).id;
  const message = (i: number): StoredMessage => ({
    conversation,
    peer: 'Mallory',
    id: `m${i}`,
    from: 'Mallory',
    text: 'spam',
    at: i,
    outgoing: false,
    status: 'received',
  });
  const total = 30_000;
  const block = 1000;
  const blockMs: number[] = [];
  let started = performance.now();
  for (let i = 0; i < total; i++) {
    // What the model does with a message from a peer: skip it if known, else add it.
    if (!store.has(conversation, `m${i}`)) store.add(message(i));
    if ((i + 1) % block === 0) {
      const now = performance.now();
      blockMs.push(now - started);
      started = now;
    }
  }
  const early = blockMs[1]! / block;
  const late = blockMs.at(-1)! / block;
  const kept = store.get(conversation)!.messages.length;
  console.log(`  per message: ${(early * 1000).toFixed(1)} µs at 2,000, ${(late * 1000).toFixed(1)} µs at 30,000; ${kept} kept in memory`);
  assert.ok(late <= 3 * early + 0.02, `the 30,000th message cost ${late.toFixed(3)} ms, the 2,000th ${early.toFixed(3)} ms`);
  assert.ok(kept <= 2000, `${kept} messages in memory`);
  assert.ok(store.has(conversation, `m${total - 1}`), 'the newest is there');
  assert.is(store.get(conversation)!.messages.at(-1)!.id, `m${total - 1}`);
});

test('a resent message is recognised by id and not added twice; a status change reaches it', () => {
  const store = new ConversationStore();
  const conversation = store.privateWith(MALLORY, true).id;
  const sent: StoredMessage = { conversation, peer: 'Mallory', id: 'mine', from: 'Me', text: 'hi', at: 1, outgoing: true, status: 'pending' };
  store.add(sent);
  assert.ok(store.has(conversation, 'mine'));
  store.setStatus(conversation, 'mine', 'delivered');
  assert.is(store.get(conversation)!.messages[0]!.status, 'delivered');
  assert.not.ok(store.restore(store.get(conversation)!, sent));
  assert.is(store.get(conversation)!.messages.length, 1);
});

test('the list: Everyone, then the most recent conversation first, then the quiet ones by name', () => {
  const store = new ConversationStore();
  const say = (name: string, at: number) => {
    const conversation = store.privateWith(toUsername(name), true).id;
    store.add({ conversation, peer: name, id: `${name}${at}`, from: name, text: 'hi', at, outgoing: false, status: 'received' });
  };
  for (const name of ['Zed', 'Carol', 'Bob', 'Alice']) store.privateWith(toUsername(name), true);
  say('Zed', 100);
  say('Carol', 200);
  say('Zed', 300);
  assert.equal(store.conversations.map((c) => c.title), ['Everyone', 'Zed', 'Carol', 'Alice', 'Bob']);
});

test.run();
