import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser } from 'playwright-core';
import { chromiumPath, joinAs, launchChromium, openApp, startTestServer, type TestServer } from '../helpers.ts';

const test = suite('e2e: presence and broadcast');
const executable = chromiumPath();
let server: TestServer;
let browser: Browser;

if (executable) {
  test.before(async () => {
    server = await startTestServer({ staticDir: 'dist' });
    browser = await launchChromium(executable);
  });
  test.after(async () => {
    await browser.close();
    await server.close();
  });

  test('both users see each other appear and disappear live', async () => {
    const alice = await openApp(browser, server.url);
    await joinAs(alice, 'Alice');
    const bob = await openApp(browser, server.url);
    await joinAs(bob, 'Bob');
    await alice.getByRole('listitem', { name: /^Bob/ }).waitFor({ timeout: 5000 });
    await bob.getByRole('listitem', { name: /^Alice/ }).waitFor({ timeout: 5000 });
    await bob.context().close();
    await alice.getByRole('listitem', { name: /^Bob/ }).waitFor({ state: 'detached', timeout: 5000 });
    const carol = await openApp(browser, server.url);
    await joinAs(carol, 'Carol');
    await alice.getByRole('listitem', { name: /^Carol/ }).waitFor({ timeout: 5000 });
    await alice.context().close();
    await carol.getByRole('listitem', { name: /^Alice/ }).waitFor({ state: 'detached', timeout: 5000 });
    await carol.context().close();
  });

  test('a broadcast is shown once in the other user\'s Everyone log, with the sender\'s name', async () => {
    const dan = await openApp(browser, server.url);
    await joinAs(dan, 'Dan');
    const eve = await openApp(browser, server.url);
    await joinAs(eve, 'Eve');
    await dan.getByRole('textbox', { name: 'Message' }).fill('Hello, everyone!');
    await dan.getByRole('button', { name: 'Send', exact: true }).click();
    const log = eve.getByRole('log');
    await log.getByText('Hello, everyone!').waitFor({ timeout: 5000 });
    // A second message as a fence: once it is shown, a duplicate of the first would be too.
    await dan.getByRole('textbox', { name: 'Message' }).fill('fence');
    await dan.getByRole('textbox', { name: 'Message' }).press('Enter');
    await log.getByText('fence').waitFor({ timeout: 5000 });
    assert.is(await log.getByText('Hello, everyone!').count(), 1);
    const message = log.locator('article', { hasText: 'Hello, everyone!' });
    assert.match(await message.innerText(), /Dan/);
    // The sender sees their own message once too, marked sent by the server.
    await dan.getByRole('log').locator('article[data-status="sent"]', { hasText: 'Hello, everyone!' }).waitFor({ timeout: 5000 });
    assert.is(await dan.getByRole('log').getByText('Hello, everyone!').count(), 1);
    await dan.context().close();
    await eve.context().close();
  });

  test('markup in a broadcast is shown as text and runs nothing; http links become safe links', async () => {
    const fay = await openApp(browser, server.url);
    await joinAs(fay, 'Fay');
    const gus = await openApp(browser, server.url);
    await joinAs(gus, 'Gus');
    const payload = '<img src=x onerror="window.__pwned=1"> see https://example.com/a?b=1 and javascript:alert(1)';
    await fay.getByRole('textbox', { name: 'Message' }).fill(payload);
    await fay.getByRole('textbox', { name: 'Message' }).press('Enter');
    const message = gus.getByRole('log').locator('article', { hasText: '<img src=x' });
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
}

test.run();
