import * as assert from 'uvu/assert';
import { joinAs, openApp } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';

const { test, world } = browserSuite('e2e: join');

test('a taken name is refused with the reason shown; another name then works without a reload', async () => {
  const alice = await openApp(world.browser, world.server.url);
  await joinAs(alice, 'Alice');
  const imposter = await openApp(world.browser, world.server.url);
  await imposter.getByRole('textbox', { name: 'Username' }).fill('ALICE');
  await imposter.getByRole('button', { name: 'Join' }).click();
  await imposter.getByRole('alert').getByText(/already in use/).waitFor({ timeout: 5000 });
  await joinAs(imposter, 'Alicia');
  await imposter.getByRole('listitem', { name: /^Alice/ }).waitFor({ timeout: 5000 });
  await alice.context().close();
  await imposter.context().close();
});

test('an invalid name is refused in words, and markup in it runs nothing', async () => {
  const page = await openApp(world.browser, world.server.url);
  // Within the field's 32 characters, so the whole of it reaches the server.
  const payload = '<img src=x onerror=__pwned=1>';
  await page.getByRole('textbox', { name: 'Username' }).fill(payload);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByRole('alert').getByText(/letters, digits/).waitFor({ timeout: 5000 });
  assert.is(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  // The name field still holds the text, and is still usable.
  assert.is(await page.getByRole('textbox', { name: 'Username' }).inputValue(), payload);
  await joinAs(page, 'Mallory');
  await page.context().close();
});

test('Enter in the Username box joins too', async () => {
  const page = await openApp(world.browser, world.server.url);
  await page.getByRole('textbox', { name: 'Username' }).fill('Keyboard User');
  await page.keyboard.press('Enter');
  await page.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 5000 });
  await page.context().close();
});

test('Join with no name says so at once, and Join stays usable', async () => {
  const page = await openApp(world.browser, world.server.url);
  await page.getByRole('textbox', { name: 'Username' }).fill('   ');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByRole('alert').getByText('Type a name to join.').waitFor({ timeout: 2000 });
  assert.ok(await page.getByRole('button', { name: 'Join' }).isEnabled());
  await joinAs(page, 'Named At Last');
  await page.context().close();
});

test('the name field takes at most 32 characters and counts them', async () => {
  const page = await openApp(world.browser, world.server.url);
  const field = page.getByRole('textbox', { name: 'Username' });
  await field.pressSequentially('a'.repeat(40));
  assert.is((await field.inputValue()).length, 32);
  await page.getByText('32 / 32').waitFor({ timeout: 2000 });
  await page.context().close();
});

test('Leave frees the name at once: the others see it go, a reload stays at the join screen, and the name can join again', async () => {
  const alice = await openApp(world.browser, world.server.url);
  await joinAs(alice, 'Alice');
  const bob = await openApp(world.browser, world.server.url);
  await joinAs(bob, 'Leaving Bob');
  await alice.getByRole('listitem', { name: /^Leaving Bob/ }).waitFor({ timeout: 5000 });

  await bob.getByRole('button', { name: 'Leave' }).click();
  await bob.getByRole('textbox', { name: 'Username' }).waitFor({ timeout: 5000 });
  await alice.getByRole('listitem', { name: /^Leaving Bob/ }).waitFor({ state: 'detached', timeout: 5000 });
  await bob.reload();
  await bob.getByRole('textbox', { name: 'Username' }).waitFor({ timeout: 5000 });
  assert.is(await bob.getByRole('list', { name: 'Conversations' }).count(), 0, 'a reload after Leave does not rejoin');

  // Not held for a grace period: the same name joins again, from another browser too.
  const again = await openApp(world.browser, world.server.url);
  await joinAs(again, 'Leaving Bob');
  await alice.getByRole('listitem', { name: /^Leaving Bob/ }).waitFor({ timeout: 5000 });
  await Promise.all([alice, bob, again].map((page) => page.context().close()));
});

test.run();
