/** The IndexedDB history: what loads at start-up, and the upgrade of times an older version kept. */
import 'fake-indexeddb/auto';
import * as assert from 'uvu/assert';
import { openDB } from 'idb';
import { HistoryStore } from '../../../client/web/platform/history-store.ts';
import type { StoredMessage } from '../../../client/web/chat/stored-message.ts';
import { suite } from '../../helpers/suite.ts';

const test = suite('history store');
let user = 0;

function message(id: string, at: number): StoredMessage {
  return { conversation: 'everyone', id, from: 'Alice', text: id, at, outgoing: false, status: 'received' };
}

test('a short history loads whole, oldest first', async () => {
  const history = await HistoryStore.open(`short-${user++}`);
  for (const [id, at] of [['b', 2], ['c', 3], ['a', 1]] as const) await history.put(message(id, at));
  assert.equal((await history.recent()).map((m) => m.id), ['a', 'b', 'c']);
  history.close();
});

test('a long history loads its newest 5000, oldest first, also when many share the time at the cut', async () => {
  const key = `long-${user++}`;
  const history = await HistoryStore.open(key);
  const all: StoredMessage[] = [];
  for (let i = 0; i < 1000; i++) all.push(message(`old-${String(i).padStart(4, '0')}`, 1));
  for (let i = 0; i < 4500; i++) all.push(message(`new-${String(i).padStart(4, '0')}`, 100 + i));
  const writer = await openDB(`chat-history:${key}`);
  const tx = writer.transaction('messages', 'readwrite');
  await Promise.all([...all.map((m) => tx.store.put(m)), tx.done]);
  writer.close();
  const loaded = await history.recent();
  assert.is(loaded.length, 5000);
  assert.is(loaded.at(-1)?.id, 'new-4499');
  assert.is(loaded.filter((m) => m.at === 1).length, 500, 'the newest 500 of those sharing the cut time');
  assert.ok(loaded.every((m, i) => i === 0 || loaded[i - 1]!.at <= m.at), 'oldest first');
  history.close();
});

test('opening a version-2 history sets times out of a clock’s reach to unknown (0)', async () => {
  const key = `old-${user++}`;
  const old = await openDB(`chat-history:${key}`, 2, {
    upgrade(db) {
      db.createObjectStore('messages', { keyPath: ['conversation', 'id'] }).createIndex('byTime', 'at');
      db.createObjectStore('checkpoints', { keyPath: 'id' });
    },
  });
  const now = Date.now();
  for (const m of [message('negative', -5), message('real', now - 60_000), message('far', now + 365 * 86_400_000), message('huge', 1e300)]) await old.put('messages', m);
  old.close();
  const history = await HistoryStore.open(key);
  const times = Object.fromEntries((await history.recent()).map((m) => [m.id, m.at]));
  assert.equal(times, { negative: 0, real: now - 60_000, far: 0, huge: 0 });
  history.close();
});

test.run();
