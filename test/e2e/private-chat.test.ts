import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, joinAs, launchChromium, openApp, startTestServer, type TestServer } from '../helpers.ts';

const test = suite('e2e: private chat');
const executable = chromiumPath();
let server: TestServer;
let browser: Browser;
let alice: Page, bob: Page;

async function say(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
}

function message(page: Page, text: string) {
  return page.getByRole('log').locator('article', { hasText: text });
}

if (executable) {
  test.before(async () => {
    server = await startTestServer({ staticDir: 'dist' });
    browser = await launchChromium(executable);
    alice = await openApp(browser, server.url);
    await joinAs(alice, 'Alice');
    bob = await openApp(browser, server.url);
    await joinAs(bob, 'Bob');
  });
  test.after(async () => {
    await browser.close();
    await server.close();
  });

  test('a private message reaches the other side, which sees it unread, and the sender sees it delivered', async () => {
    await alice.getByRole('listitem', { name: /^Bob/ }).click();
    await say(alice, 'Hi Bob, just us');
    await bob.getByRole('listitem', { name: /^Alice, 1 unread/ }).waitFor({ timeout: 15_000 });
    assert.match(await bob.title(), /^\(1\)/);
    await bob.getByRole('listitem', { name: /^Alice/ }).click();
    await message(bob, 'Hi Bob, just us').waitFor({ timeout: 5000 });
    await alice.getByRole('log').locator('article[data-status="delivered"]', { hasText: 'Hi Bob, just us' }).waitFor({ timeout: 5000 });
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
    await server.close();
    await alice.getByText(/reconnecting/).waitFor({ timeout: 5000 });
    await say(alice, 'server is down, still here?');
    await message(bob, 'server is down, still here?').waitFor({ timeout: 5000 });
    await say(bob, 'yes, peer to peer');
    await message(alice, 'yes, peer to peer').waitFor({ timeout: 5000 });
    await bob.getByRole('log').locator('article[data-status="delivered"]', { hasText: 'yes, peer to peer' }).waitFor({ timeout: 5000 });
  });

  test('markup in a private message is shown as text and runs nothing', async () => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await say(alice, payload);
    const received = message(bob, '<img src=x');
    await received.waitFor({ timeout: 5000 });
    assert.is(await received.locator('.text').innerText(), payload);
    assert.is(await bob.getByRole('log').locator('img, script').count(), 0);
    assert.is(await bob.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });
}

test.run();
