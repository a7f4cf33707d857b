/** Message times a hostile peer chose, and ones an older version stored, in the real page. */
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { HeadlessPeer } from '../../client/node/headless-peer.ts';
import { joinAs, messageIn, openApp } from '../../harness/app-page.ts';
import { toUsername } from '../../common/username.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { within } from '../helpers/timing.ts';

const { test, world } = browserSuite('e2e: hostile message times');
const BOB = toUsername('Bob');
const DAY = 24 * 3600_000;
let bob: Page;
let zoe: HeadlessPeer;
const errors: string[] = [];

/** What an older version may have kept under Bob's name: a time of 1e300, a real message, and 5000 dated a year ahead. */
function seedOldHistory(now: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('chat-history:bob', 2);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('messages', { keyPath: ['conversation', 'id'] });
      store.createIndex('byTime', 'at');
      request.result.createObjectStore('checkpoints', { keyPath: 'id' });
    };
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction('messages', 'readwrite');
      const messages = tx.objectStore('messages');
      const received = { outgoing: false, status: 'received' };
      messages.put({ conversation: 'user:zoe', peer: 'Zoe', id: 'bad-old', from: 'Zoe', text: 'stored with a time of 1e300', at: 1e300, ...received });
      messages.put({ conversation: 'everyone', id: 'real-old', from: 'Alice', text: 'a real message from a minute ago', at: now - 60_000, ...received });
      for (let i = 0; i < 5000; i++) {
        messages.put({ conversation: 'user:aaron', peer: 'Aaron', id: `future-${i}`, from: 'Aaron', text: `from the future ${i}`, at: now + 365 * 24 * 3600_000 + i, ...received });
      }
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

test.before(async () => {
  bob = await openApp(world.browser, world.server.url);
  bob.on('pageerror', (error) => errors.push(error.message));
  await bob.evaluate(seedOldHistory, Date.now());
  await joinAs(bob, 'Bob');
});
test.after(() => zoe?.close());

/** The `datetime` of the message bubble with `text`, in ms. */
async function shownAt(text: string): Promise<number> {
  return Date.parse((await messageIn(bob, text).locator('time').getAttribute('datetime')) ?? '');
}

test('old history with impossible times renders, and a year of future-dated messages does not push real ones out', async () => {
  await messageIn(bob, 'a real message from a minute ago').waitFor({ timeout: 5000 });
  zoe = await HeadlessPeer.join(world.server.wsUrl, 'Zoe');
  await bob.getByRole('listitem', { name: /^Zoe/ }).click({ timeout: 5000 });
  await messageIn(bob, 'stored with a time of 1e300').waitFor({ timeout: 5000 });
});

test('times a peer sends that the receiver’s clock cannot believe are shown as the arrival time, also after a reload', async () => {
  await within(15_000, 'the link to Bob', zoe.connect('Bob'));
  const claims = { 'live: 1e300': 1e300, 'live: negative': -1, 'live: ten years ahead': Date.now() + 3650 * DAY };
  for (const [text, at] of Object.entries(claims)) zoe.sessions.send(BOB, { t: 'msg', id: text, text, at });
  for (const text of Object.keys(claims)) {
    await messageIn(bob, text).waitFor({ timeout: 5000 });
    assert.ok(Math.abs((await shownAt(text)) - Date.now()) < DAY, `${text} shown at ${await shownAt(text)}`);
  }
  await bob.reload();
  await bob.getByRole('listitem', { name: /^Zoe/ }).click({ timeout: 10_000 });
  for (const text of [...Object.keys(claims), 'stored with a time of 1e300']) await messageIn(bob, text).waitFor({ timeout: 5000 });
  await bob.getByRole('listitem', { name: /^Everyone/ }).click();
  await messageIn(bob, 'a real message from a minute ago').waitFor({ timeout: 5000 });
  assert.equal(errors, []);
});

test.run();
