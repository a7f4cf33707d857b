/** Safety numbers in the browser: the same on both sides, a verified mark that lasts, a changed key and a lying server caught. */
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { joinAs, messageIn, openApp } from '../../harness/app-page.ts';
import { startTestServer } from '../../harness/server.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { MitmHub } from '../helpers/mitm-hub.ts';
import { aliceAndBob, say } from '../helpers/page-actions.ts';
import { within } from '../helpers/timing.ts';

const { test, world } = browserSuite('e2e: verified peers');

/** The private conversation's status line. */
const status = (page: Page) => page.getByRole('main').getByRole('status');

/** Opens the safety number dialog of the open private chat and reads the number as shown. */
async function readSafetyNumber(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Verify' }).click({ timeout: 15_000 });
  const dialog = page.getByRole('dialog', { name: 'Safety number' });
  await dialog.waitFor({ timeout: 5000 });
  return (await dialog.locator('.number span').allInnerTexts()).map((group) => group.trim());
}

let alice: Page, bob: Page;

test('both sides see the same safety number, in twelve groups of five digits; marked verified, it says so after a reload', async () => {
  [alice, bob] = await aliceAndBob(world.browser, world.server.url, { chatting: true });
  await say(alice, 'hello');
  await messageIn(bob, 'hello').waitFor({ timeout: 15_000 });
  const aliceSees = await readSafetyNumber(alice);
  const bobSees = await readSafetyNumber(bob);
  assert.is(aliceSees.length, 12);
  assert.ok(aliceSees.every((group) => /^\d{5}$/.test(group)), aliceSees.join(' '));
  assert.equal(bobSees, aliceSees);

  await alice.getByRole('dialog', { name: 'Safety number' }).getByRole('button', { name: 'Mark as verified' }).click();
  await alice.getByRole('dialog', { name: 'Safety number' }).waitFor({ state: 'detached', timeout: 5000 });
  await status(alice).getByText(/Verified/).waitFor({ timeout: 5000 });
  assert.not.match(await status(bob).innerText(), /Verified/, "Bob has not verified Alice: his side does not say so");

  await alice.reload();
  await alice.getByRole('listitem', { name: /^Bob/ }).click({ timeout: 10_000 });
  await status(alice).getByText(/Verified/).waitFor({ timeout: 15_000 });
});

test("the profile's identity private key is kept in IndexedDB and cannot be extracted", async () => {
  // Alice has proven her key on a link above: it exists.
  const read = alice.evaluate(
    () =>
      new Promise<unknown>((resolve, reject) => {
        const request = indexedDB.open('identity');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const get = request.result.transaction('self').objectStore('self').get('key-pair');
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            const { privateKey } = get.result as CryptoKeyPair;
            resolve({ extractable: privateKey.extractable, type: privateKey.type, algorithm: privateKey.algorithm.name, usages: privateKey.usages });
          };
        };
      }),
  );
  const key = await within(5000, 'the key from IndexedDB', read);
  assert.equal(key, { extractable: false, type: 'private', algorithm: 'ECDSA', usages: ['sign'] });
  await alice.context().close();
  await bob.context().close();
});

test('a known name back with another key is flagged before anything is sent; accepting the new key lets the messages through', async () => {
  [alice, bob] = await aliceAndBob(world.browser, world.server.url, { chatting: true });
  await say(alice, 'first contact');
  await messageIn(bob, 'first contact').waitFor({ timeout: 15_000 });
  await bob.context().close();
  await status(alice).getByText('Offline').waitFor({ timeout: 10_000 });

  const newBob = await openApp(world.browser, world.server.url);
  await joinAs(newBob, 'Bob');
  await alice.getByRole('listitem', { name: /^Bob/ }).click({ timeout: 10_000 });
  await say(alice, 'are you really Bob?');
  await alice.getByRole('alert').getByText("Bob's safety number has changed").waitFor({ timeout: 15_000 });
  await newBob.getByRole('listitem', { name: /^Alice/ }).click();
  await status(newBob).getByText(/Connected/).waitFor({ timeout: 15_000 });
  assert.is(await messageIn(newBob, 'are you really Bob?').count(), 0, 'nothing went to the new key before Alice accepted it');

  await alice.getByRole('button', { name: 'Accept new key' }).click();
  await messageIn(newBob, 'are you really Bob?').waitFor({ timeout: 15_000 });
  await alice.context().close();
  await newBob.context().close();
});

test('clearing history keeps the identity; Reset identity says what it means, and the other side is told the number changed', async () => {
  [alice, bob] = await aliceAndBob(world.browser, world.server.url, { chatting: true });
  await say(alice, 'before the reset');
  await messageIn(bob, 'before the reset').waitFor({ timeout: 15_000 });
  const number = await readSafetyNumber(bob);
  await bob.getByRole('button', { name: 'Close' }).click();

  await alice.getByRole('button', { name: 'Clear history' }).click();
  await alice.getByRole('button', { name: 'Yes, clear' }).click();
  await alice.reload();
  await alice.getByRole('listitem', { name: /^Bob/ }).click({ timeout: 10_000 });
  await status(alice).getByText(/Connected/).waitFor({ timeout: 15_000 });
  assert.equal(await readSafetyNumber(alice), number, 'the same key after clearing history and a reload');
  await alice.getByRole('button', { name: 'Close' }).click();

  await alice.getByRole('button', { name: 'Reset identity' }).click();
  await alice.getByRole('alert').getByText(/Everyone you talk with will be told that your safety number\s+changed/).waitFor({ timeout: 5000 });
  await alice.getByRole('button', { name: 'Yes, reset' }).click();
  await alice.getByRole('listitem', { name: /^Bob/ }).click({ timeout: 15_000 });
  await say(alice, 'after the reset');
  await bob.getByRole('alert').getByText("Alice's safety number has changed").waitFor({ timeout: 15_000 });
  assert.is(await messageIn(bob, 'after the reset').count(), 0, 'held until Bob accepts the new key');
  await alice.context().close();
  await bob.context().close();
});

test('through a server in the middle, both pages say so, and no private message text reaches the middle', async () => {
  const mitm = new MitmHub('Alice', 'Bob');
  const server = await startTestServer({ staticDir: 'dist' }, mitm);
  try {
    [alice, bob] = await aliceAndBob(world.browser, server.url, { chatting: true });
    await say(alice, 'the secret plan');
    for (const page of [alice, bob]) {
      await page.getByRole('alert').getByText(/Someone is in the middle/).waitFor({ timeout: 15_000 });
      await status(page).getByText('someone is in the middle').waitFor({ timeout: 5000 });
    }
    assert.ok(mitm.carriedOnlyProofs(), `the middle carried ${JSON.stringify(mitm.passed.map((frame) => frame.t))}`);
    assert.not.match(JSON.stringify(mitm.passed), 'secret');
    await alice.context().close();
    await bob.context().close();
  } finally {
    await server.close();
  }
});

test.run();
