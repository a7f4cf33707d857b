/** The app with the keyboard alone: join, open a private chat from the list, and send in it. */
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { joinAs, messageIn, openApp } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';

const { test, world } = browserSuite('e2e: keyboard');

/** The focused element's accessible name as far as a test needs it (aria-label, else its text), through shadow roots. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element?.getAttribute('aria-label') ?? element?.textContent.trim() ?? '';
  })()`);
}

test('join with Enter lands in the message box; Tab reaches the list, arrows move in it, Enter opens the chat, and Enter sends', async () => {
  const bob = await openApp(world.browser, world.server.url);
  await joinAs(bob, 'Bob');
  const alice = await openApp(world.browser, world.server.url);
  // The page opens with the focus in Username; a person types once it is there, and so does this test.
  const username = await alice.getByRole('textbox', { name: 'Username' }).elementHandle({ timeout: 5000 });
  await alice.waitForFunction((field) => field.matches(':focus'), username, { timeout: 5000 });
  await alice.keyboard.type('Alice');
  await alice.keyboard.press('Enter');
  await alice.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 5000 });
  assert.is(await focusedName(alice), 'Message', 'after Join the focus is in the message box');

  let presses = 0;
  while (await focusedName(alice) !== 'Everyone') {
    assert.ok(++presses <= 30, `Tab reaches the list's first row (at ${await focusedName(alice)})`);
    await alice.keyboard.press('Tab');
  }
  await alice.keyboard.press('ArrowDown');
  assert.match(await focusedName(alice), /^Bob/, 'the down arrow moves to the next row');
  await alice.keyboard.press('ArrowUp');
  assert.is(await focusedName(alice), 'Everyone', 'the up arrow moves back');
  await alice.keyboard.press('End');
  await alice.keyboard.press('Enter');
  await alice.getByRole('heading', { name: 'Bob' }).waitFor({ timeout: 5000 });
  assert.is(await focusedName(alice), 'Message', 'opening a chat puts the focus in its message box');
  await alice.keyboard.type('typed, never clicked');
  await alice.keyboard.press('Enter');
  await bob.getByRole('listitem', { name: /^Alice/ }).click();
  await messageIn(bob, 'typed, never clicked').waitFor({ timeout: 20_000 });
  await alice.context().close();
  await bob.context().close();
});

test('a row keeps its conversation while the list reorders under it: the focused row stays the one Enter opens', async () => {
  const [alice, bob, carol] = await Promise.all([0, 1, 2].map(() => openApp(world.browser, world.server.url)));
  await joinAs(alice!, 'Alice');
  await joinAs(bob!, 'Bob');
  await joinAs(carol!, 'Carol');
  const bobsRow = alice!.getByRole('button', { name: /^Bob/ });
  await bobsRow.focus();
  const carolsRow = alice!.getByRole('listitem', { name: /^Carol/ });
  await carolsRow.waitFor({ timeout: 5000 });
  // Carol writes: her conversation moves to the top, above Bob's, while Bob's row has the focus.
  await carol!.getByRole('listitem', { name: /^Alice/ }).click();
  await carol!.getByRole('textbox', { name: 'Message' }).fill('moving up');
  await carol!.getByRole('textbox', { name: 'Message' }).press('Enter');
  await alice!.getByRole('listitem', { name: 'Carol, 1 unread' }).waitFor({ timeout: 20_000 });
  const [carolY, bobY] = await Promise.all([carolsRow, alice!.getByRole('listitem', { name: /^Bob/ })].map(async (row) => (await row.boundingBox())?.y ?? NaN));
  assert.ok(carolY! < bobY!, 'Carol is listed above Bob now');
  assert.match(await focusedName(alice!), /^Bob/, 'the focus stays on the row of Bob');
  await alice!.keyboard.press('Enter');
  await alice!.getByRole('heading', { name: 'Bob' }).waitFor({ timeout: 5000 });
  for (const page of [alice!, bob!, carol!]) await page.context().close();
});

test.run();
