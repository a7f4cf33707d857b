/**
 * The built app under the server's Content-Security-Policy: joining, the Everyone room, a private
 * chat over WebRTC, and a file received into the OPFS module worker and saved through a blob:
 * download all work, and Chromium reports no violation on the way.
 */
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { messageIn } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { aliceAndBob, say, sendAndSave } from '../helpers/page-actions.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';

const { test, world } = browserSuite('e2e: content security policy');
const dir = scratchDir(test, 'e2e-csp-');

/** Every CSP violation a page reports: on its console, as a page error (WebAssembly), and as `securitypolicyviolation` events. */
function violations(page: Page): () => Promise<string[]> {
  const logged: string[] = [];
  const keep = (text: string) => {
    if (/Content Security Policy/i.test(text)) logged.push(text);
  };
  page.on('console', (message) => keep(message.text()));
  page.on('pageerror', (error) => keep(error.message));
  return async () => [
    ...logged,
    ...(await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? [])),
  ];
}

test('the app runs under the policy: join, Everyone, a private chat, a file through the worker and a blob: download, no violation', async () => {
  const page = await fetch(world.server.url);
  assert.match(page.headers.get('content-security-policy') ?? '', "frame-ancestors 'none'");

  const [alice, bob] = await aliceAndBob(world.browser, world.server.url);
  for (const who of [alice, bob]) {
    await who.evaluate(() => {
      const seen: string[] = ((window as unknown as { __violations: string[] }).__violations = []);
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
  }
  const reported = [violations(alice), violations(bob)];

  await say(alice, 'hello everyone');
  await messageIn(bob, 'hello everyone').waitFor({ timeout: 5000 });
  await alice.getByRole('listitem', { name: /^Bob/ }).click();
  await bob.getByRole('listitem', { name: /^Alice/ }).click();
  await say(alice, 'peer to peer');
  await messageIn(bob, 'peer to peer').waitFor({ timeout: 20_000 });

  await sendAndSave(alice, bob, dir, 'notes.bin', 3 * 1024 * 1024 + 7);

  for (const read of reported) assert.equal(await read(), []);
  await alice.context().close();
  await bob.context().close();
});

test.run();
