import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { messageIn } from '../../harness/app-page.ts';
import { startTestServer } from '../../harness/server.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { aliceAndBob, say } from '../helpers/page-actions.ts';

const { test, world } = browserSuite('e2e: history and reconnect');
let alice: Page, bob: Page;

test.before(async () => {
  [alice, bob] = await aliceAndBob(world.browser, world.server.url);
});

test('a reload rejoins under the same name and keeps the history', async () => {
  await say(alice, 'for the record');
  await bob.getByRole('log').getByText('for the record').waitFor({ timeout: 5000 });
  await alice.getByRole('listitem', { name: /^Bob/ }).click();
  await say(alice, 'a private note');
  await messageIn(alice, 'a private note', 'delivered').waitFor({ timeout: 15_000 });

  await bob.reload();
  await bob.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 5000 });
  assert.is(await bob.getByRole('textbox', { name: 'Username' }).count(), 0, 'no join screen after a reload');
  await bob.getByRole('log').getByText('for the record').waitFor({ timeout: 5000 });
  await bob.getByRole('listitem', { name: /^Alice/ }).click();
  await bob.getByRole('log').getByText('a private note').waitFor({ timeout: 5000 });
  // After the reload the private link comes back by itself.
  await say(bob, 'back after reload');
  await alice.getByRole('log').getByText('back after reload').waitFor({ timeout: 15_000 });
});

test('the server restarts; both clients come back under their own names without a reload', async () => {
  const port = world.server.port;
  await world.server.close();
  await alice.getByText(/reconnecting/).waitFor({ timeout: 5000 });
  await bob.getByText(/reconnecting/).waitFor({ timeout: 5000 });
  world.server = await startTestServer({ staticDir: 'dist', port });
  await alice.getByText(/reconnecting/).waitFor({ state: 'detached', timeout: 10_000 });
  await bob.getByText(/reconnecting/).waitFor({ state: 'detached', timeout: 10_000 });
  await alice.getByRole('listitem', { name: /^Bob/ }).waitFor({ timeout: 5000 });
  await bob.getByRole('listitem', { name: /^Alice/ }).waitFor({ timeout: 5000 });
  await bob.getByRole('listitem', { name: /^Everyone/ }).click();
  await alice.getByRole('listitem', { name: /^Everyone/ }).click();
  await say(bob, 'the room works again');
  await alice.getByRole('log').getByText('the room works again').waitFor({ timeout: 5000 });
  assert.is(await alice.locator('chat-app').evaluate((app) => (app as unknown as { model: { me: string } }).model.me), 'Alice');
});

test('clearing the history empties the conversations and survives a reload', async () => {
  await alice.getByRole('button', { name: 'Clear history' }).click();
  await alice.getByRole('button', { name: 'Yes, clear' }).click();
  await alice.getByRole('log').getByText('the room works again').waitFor({ state: 'detached', timeout: 5000 });
  await alice.reload();
  await alice.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 5000 });
  await alice.getByRole('log').waitFor({ timeout: 5000 });
  assert.is(await alice.getByRole('log').locator('article').count(), 0);
});

test.run();
