/**
 * A receiver whose OPFS worker has no synchronous access handles (older Safari, some in-app
 * browsers): files are written through `createWritable()` instead, still to disk as they arrive,
 * and still resume after a reload.
 */
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { fileCard, sendFiles } from '../../harness/app-page.ts';
import { sha256File } from '../../harness/sha256.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { withoutSyncAccessHandles } from '../helpers/missing-features.ts';
import { aliceAndBob, saveFile } from '../helpers/page-actions.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { randomFile } from '../helpers/random-file.ts';

const { test, world } = browserSuite('e2e: files where OPFS has no sync access handles');
const MiB = 1024 * 1024;
const dir = scratchDir(test, 'e2e-writable-');
let alice: Page, bob: Page;
/** How many times Bob's OPFS worker was served without sync access handles. */
let workersServed = () => 0;

const makeFile = (name: string, size: number) => randomFile(dir, name, size);

test.before(async () => {
  [alice, bob] = await aliceAndBob(world.browser, world.server.url, {
    chatting: true,
    prepareBob: async (context) => {
      workersServed = await withoutSyncAccessHandles(context);
    },
  });
});

test('a 64 MiB file is written through createWritable and saved byte-identical', async () => {
  const original = makeFile('writable.bin', 64 * MiB);
  await sendFiles(alice, original);
  const card = fileCard(bob, 'writable.bin');
  await card.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
  const saved = await saveFile(bob, card, dir);
  assert.ok(workersServed() > 0, 'the worker without sync access handles was the one used');
  assert.is(await sha256File(saved.path), await sha256File(original));
});

test('the receiver reloads mid-transfer: it resumes from its checkpoint and ends byte-identical', async () => {
  const original = makeFile('writable-resume.bin', 96 * MiB);
  await sendFiles(alice, original);
  const offer = fileCard(bob, 'writable-resume.bin');
  await offer.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
  // Past the second checkpoint (every 16 MiB) by as much again, then pull the page out from under the transfer.
  await offer.getByRole('progressbar', { name: /: ([5-9]\d)%$/ }).waitFor({ timeout: 60_000 });
  await bob.reload();
  await bob.getByRole('listitem', { name: /^Alice/ }).click({ timeout: 10_000 });
  // Restored at its checkpoint, not at zero.
  const card = fileCard(bob, 'writable-resume.bin');
  await card.getByRole('progressbar', { name: /: ([1-9]\d)%$/ }).waitFor({ timeout: 10_000 });
  const saved = await saveFile(bob, card, dir, 90_000);
  assert.is(await sha256File(saved.path), await sha256File(original));
});

test.run();
