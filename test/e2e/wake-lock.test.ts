/**
 * The screen stays on while a file moves or a call is on, and may sleep again after: the page's
 * Wake Lock API is replaced by a recorder (headless Chromium has no screen to keep on).
 */
import type { BrowserContext, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { fileCard, sendFiles } from '../../harness/app-page.ts';
import { until } from '../../harness/poll.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { ring } from '../helpers/calls.ts';
import { aliceAndBob } from '../helpers/page-actions.ts';
import { randomFile } from '../helpers/random-file.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';

const { test, world } = browserSuite('e2e: screen wake lock');
const dir = scratchDir(test, 'e2e-wake-lock-');

/**
 * Replaces `navigator.wakeLock` with one that grants every request and logs requests and releases.
 * A string, not a function: tsx would wrap the functions in it in a helper the page does not have.
 */
const RECORD_WAKE_LOCKS = `
  const record = (window.__wakeLocks = []);
  Object.defineProperty(navigator, 'wakeLock', {
    value: {
      async request() {
        record.push('request ' + document.visibilityState);
        const lock = new EventTarget();
        lock.released = false;
        lock.release = async () => {
          if (lock.released) return;
          lock.released = true;
          record.push('release');
          lock.dispatchEvent(new Event('release'));
        };
        return lock;
      },
    },
  });
`;

async function recordWakeLocks(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: RECORD_WAKE_LOCKS });
}

function wakeLocks(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { __wakeLocks: string[] }).__wakeLocks]);
}

/** Waits until the log of `page`'s wake locks is `expected`. */
async function waitForLocks(page: Page, what: string, expected: string[]): Promise<void> {
  await until(what, 10_000, async () => JSON.stringify(await wakeLocks(page)) === JSON.stringify(expected)).catch(async (error: Error) => {
    throw new Error(`${error.message}; the log: ${JSON.stringify(await wakeLocks(page))}`);
  });
}

test('a lock is held while a file is received and while a call is on, and released after each', async () => {
  const [alice, bob] = await aliceAndBob(world.browser, world.server.url, { chatting: true, prepareBob: recordWakeLocks });
  assert.equal(await wakeLocks(bob), [], 'nothing running, no lock');

  await sendFiles(alice, randomFile(dir, 'photos.bin', 4 * 1024 * 1024));
  await fileCard(bob, 'photos.bin').getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
  await fileCard(bob, 'photos.bin').getByRole('button', { name: 'Save' }).waitFor({ timeout: 60_000 });
  await waitForLocks(bob, 'a lock taken for the file, released once it is in', ['request visible', 'release']);

  await ring(alice, bob, 'Voice call');
  await bob.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
  await waitForLocks(bob, 'a lock during the call', ['request visible', 'release', 'request visible']);
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await waitForLocks(bob, 'the lock released when the call ends', ['request visible', 'release', 'request visible', 'release']);
  await alice.context().close();
  await bob.context().close();
});

test.run();
