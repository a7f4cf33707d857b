import * as assert from 'uvu/assert';
import { joinAs, messageIn, openApp } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { say } from '../helpers/page-actions.ts';

const { test, world } = browserSuite('e2e: presence and broadcast');


test('both users see each other appear and disappear live', async () => {
  const alice = await openApp(world.browser, world.server.url);
  await joinAs(alice, 'Alice');
  const bob = await openApp(world.browser, world.server.url);
  await joinAs(bob, 'Bob');
  await alice.getByRole('listitem', { name: /^Bob/ }).waitFor({ timeout: 5000 });
  await bob.getByRole('listitem', { name: /^Alice/ }).waitFor({ timeout: 5000 });
  await bob.context().close();
  await alice.getByRole('listitem', { name: /^Bob/ }).waitFor({ state: 'detached', timeout: 5000 });
  const carol = await openApp(world.browser, world.server.url);
  await joinAs(carol, 'Carol');
  await alice.getByRole('listitem', { name: /^Carol/ }).waitFor({ timeout: 5000 });
  await alice.context().close();
  await carol.getByRole('listitem', { name: /^Alice/ }).waitFor({ state: 'detached', timeout: 5000 });
  await carol.context().close();
});

test('a broadcast is shown once in the other user\'s Everyone log, with the sender\'s name', async () => {
  const dan = await openApp(world.browser, world.server.url);
  await joinAs(dan, 'Dan');
  const eve = await openApp(world.browser, world.server.url);
  await joinAs(eve, 'Eve');
  await dan.getByRole('textbox', { name: 'Message' }).fill('Hello, everyone!');
  await dan.getByRole('button', { name: 'Send', exact: true }).click();
  const log = eve.getByRole('log');
  await log.getByText('Hello, everyone!').waitFor({ timeout: 5000 });
  // A second message as a fence: once it is shown, a duplicate of the first would be too.
  await say(dan, 'fence');
  await log.getByText('fence').waitFor({ timeout: 5000 });
  assert.is(await log.getByText('Hello, everyone!').count(), 1);
  const message = messageIn(eve, 'Hello, everyone!');
  assert.match(await message.innerText(), /Dan/);
  // The sender sees their own message once too, marked sent by the server.
  await messageIn(dan, 'Hello, everyone!', 'sent').waitFor({ timeout: 5000 });
  assert.is(await dan.getByRole('log').getByText('Hello, everyone!').count(), 1);
  await dan.context().close();
  await eve.context().close();
});

test('markup in a broadcast is shown as text and runs nothing; http links become safe links', async () => {
  const fay = await openApp(world.browser, world.server.url);
  await joinAs(fay, 'Fay');
  const gus = await openApp(world.browser, world.server.url);
  await joinAs(gus, 'Gus');
  const payload = '<img src=x onerror="window.__pwned=1"> see https://example.com/a?b=1 and javascript:alert(1)';
  await say(fay, payload);
  const message = messageIn(gus, '<img src=x');
  await message.waitFor({ timeout: 5000 });
  assert.ok((await message.innerText()).includes('<img src=x onerror="window.__pwned=1">'));
  assert.is(await gus.getByRole('log').locator('img').count(), 0);
  assert.is(await gus.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  const links = message.getByRole('link');
  assert.is(await links.count(), 1);
  assert.is(await links.first().getAttribute('href'), 'https://example.com/a?b=1');
  assert.is(await links.first().getAttribute('rel'), 'noopener noreferrer');
  await fay.context().close();
  await gus.context().close();
});

test.run();
