/**
 * A receiver with no origin-private file system at all (some private modes and in-app browsers):
 * received files are kept in memory, up to a cap said on the card before Accept, and the card
 * says a reload loses them.
 */
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { fileCard, sendFiles } from '../../harness/app-page.ts';
import { sha256File } from '../../harness/sha256.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { withoutOpfs } from '../helpers/missing-features.ts';
import { aliceAndBob, saveFile } from '../helpers/page-actions.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { randomFile } from '../helpers/random-file.ts';

const { test, world } = browserSuite('e2e: files where there is no OPFS');
const MiB = 1024 * 1024;
const dir = scratchDir(test, 'e2e-in-memory-');
let alice: Page, bob: Page;

const makeFile = (name: string, size: number) => randomFile(dir, name, size);

test.before(async () => {
  [alice, bob] = await aliceAndBob(world.browser, world.server.url, { chatting: true, prepareBob: withoutOpfs });
});

test('a small file is kept in memory, the card says a reload loses it, and it is saved byte-identical', async () => {
  const original = makeFile('in memory.bin', 5 * MiB);
  await sendFiles(alice, original);
  const card = fileCard(bob, 'in memory.bin');
  await card.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
  await card.getByRole('button', { name: 'Save' }).waitFor({ timeout: 30_000 });
  await card.getByText('Kept in memory in this browser: save it before you reload or leave this page.').waitFor({ timeout: 1000 });
  const saved = await saveFile(bob, card, dir);
  assert.is(await sha256File(saved.path), await sha256File(original));
});

test('an offer above the cap says so before Accept, and Accept is disabled', async () => {
  await sendFiles(alice, makeFile('too big.bin', 200 * MiB + 1));
  const card = fileCard(bob, 'too big.bin');
  await card.getByRole('button', { name: 'Decline' }).waitFor({ timeout: 15_000 });
  await card.getByText('Too large for this browser: up to 210 MB can be received here.').waitFor({ timeout: 1000 });
  const accept = card.getByRole('button', { name: 'Accept', exact: true });
  assert.ok(await accept.isDisabled(), 'Accept is disabled');
  await card.getByRole('button', { name: 'Decline' }).click();
  await fileCard(alice, 'too big.bin').getByText('Declined by them').waitFor({ timeout: 5000 });
});

test('a file kept in memory does not resume after a reload, and the card says why', async () => {
  await sendFiles(alice, makeFile('lost.bin', 160 * MiB));
  const card = fileCard(bob, 'lost.bin');
  await card.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
  // Well under way (so its receiving state is in history), then pull the page out from under it.
  await card.getByRole('progressbar', { name: /: ([1-9]\d)%$/ }).waitFor({ timeout: 30_000 });
  await bob.reload();
  await bob.getByRole('listitem', { name: /^Alice/ }).click({ timeout: 10_000 });
  await fileCard(bob, 'lost.bin').getByText(/Interrupted when the page was reloaded: this browser kept it in memory/).waitFor({ timeout: 10_000 });
});

test.run();
