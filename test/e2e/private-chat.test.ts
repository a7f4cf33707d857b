import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { messageIn } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { aliceAndBob, say } from '../helpers/page-actions.ts';

const { test, world } = browserSuite('e2e: private chat');
let alice: Page, bob: Page;

test.before(async () => {
  [alice, bob] = await aliceAndBob(world.browser, world.server.url);
});

test('a private message reaches the other side, which sees it unread, and the sender sees it delivered', async () => {
  await alice.getByRole('listitem', { name: /^Bob/ }).click();
  await say(alice, 'Hi Bob, just us');
  await bob.getByRole('listitem', { name: /^Alice, 1 unread/ }).waitFor({ timeout: 15_000 });
  assert.match(await bob.title(), /^\(1\)/);
  await bob.getByRole('listitem', { name: /^Alice/ }).click();
  await messageIn(bob, 'Hi Bob, just us').waitFor({ timeout: 5000 });
  await messageIn(alice, 'Hi Bob, just us', 'delivered').waitFor({ timeout: 5000 });
  await alice.getByRole('status').getByText('Connected (direct)').waitFor({ timeout: 5000 });
  await bob.getByRole('status').getByText('Connected (direct)').waitFor({ timeout: 5000 });
  assert.is(await bob.title(), 'Chat');
});

test('the typing indicator shows while the other side types', async () => {
  await bob.getByRole('textbox', { name: 'Message' }).pressSequentially('typing…');
  await alice.getByText('Bob is typing…').waitFor({ timeout: 5000 });
  await bob.getByRole('textbox', { name: 'Message' }).fill('');
});

test('with the server stopped, private messages still flow both ways: they never went through it', async () => {
  await world.server.close();
  await alice.getByText(/reconnecting/).waitFor({ timeout: 5000 });
  await say(alice, 'server is down, still here?');
  await messageIn(bob, 'server is down, still here?').waitFor({ timeout: 5000 });
  await say(bob, 'yes, peer to peer');
  await messageIn(alice, 'yes, peer to peer').waitFor({ timeout: 5000 });
  await messageIn(bob, 'yes, peer to peer', 'delivered').waitFor({ timeout: 5000 });
});

test('markup in a private message is shown as text and runs nothing', async () => {
  const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  await say(alice, payload);
  const received = messageIn(bob, '<img src=x');
  await received.waitFor({ timeout: 5000 });
  assert.is(await received.locator('.text').innerText(), payload);
  assert.is(await bob.getByRole('log').locator('img, script').count(), 0);
  assert.is(await bob.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
});

test('a reader scrolled up keeps their place as messages arrive; scrolled to the bottom, the log follows them', async () => {
  for (let i = 1; i <= 30; i++) await say(bob, `older ${i}`);
  await messageIn(alice, 'older 30').waitFor({ timeout: 5000 });
  const log = alice.getByRole('log');
  const distanceFromBottom = () => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
  const scrollTo = (top: number) =>
    log.evaluate((el, top) => new Promise((resolve) => {
      el.addEventListener('scroll', resolve, { once: true });
      el.scrollTop = top;
    }), top);
  assert.ok((await distanceFromBottom()) < 2, 'the log shows the newest message');
  await scrollTo(0);
  await say(bob, 'while you read');
  await messageIn(alice, 'while you read').waitFor({ timeout: 5000 });
  assert.is(await log.evaluate((el) => el.scrollTop), 0, 'the reader was not pulled down');
  await scrollTo(1e6);
  await say(bob, 'back with you');
  await messageIn(alice, 'back with you').waitFor({ timeout: 5000 });
  assert.ok((await distanceFromBottom()) < 2, 'the log followed the new message');
});

test.run();
