/** Alone in the room, the app shows the address to invite people with, and copies it; it goes once someone is there. */
import * as assert from 'uvu/assert';
import { joinAs, openApp } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';

const { test, world } = browserSuite('e2e: invite when alone');

test('alone: the app URL is shown and Copy link puts it on the clipboard; when Bob joins it goes', async () => {
  const alice = await openApp(world.browser, world.server.url, (context) => context.grantPermissions(['clipboard-read', 'clipboard-write']));
  await joinAs(alice, 'Alice');
  const address = alice.getByRole('textbox', { name: /Send people this address/ });
  assert.is(await address.inputValue(), `${new URL(world.server.url).origin}/`);
  await alice.getByRole('button', { name: 'Copy link' }).click();
  await alice.getByRole('status').getByText('Copied.').waitFor({ timeout: 2000 });
  assert.is(await alice.evaluate(() => navigator.clipboard.readText()), `${new URL(world.server.url).origin}/`);

  const bob = await openApp(world.browser, world.server.url);
  await joinAs(bob, 'Bob');
  await address.waitFor({ state: 'detached', timeout: 5000 });
  await alice.context().close();
  await bob.context().close();
});

test.run();
