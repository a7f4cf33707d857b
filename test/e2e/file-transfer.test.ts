import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { fileCard, sendFiles } from '../../harness/app-page.ts';
import { sha256File } from '../../harness/sha256.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { aliceAndBob, saveFile } from '../helpers/page-actions.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { randomFile } from '../helpers/random-file.ts';

const { test, world } = browserSuite('e2e: file transfer');
const MiB = 1024 * 1024;
const dir = scratchDir(test, 'e2e-files-');
let alice: Page, bob: Page;

const makeFile = (name: string, size: number) => randomFile(dir, name, size);


/** Clicks `Save` on a received file and returns where the download landed. */
const save = (page: Page, name: string) => saveFile(page, fileCard(page, name), dir);

test.before(async () => {
  [alice, bob] = await aliceAndBob(world.browser, world.server.url, { chatting: true });
});

test('a 50 MiB file is offered, accepted, saved through the Save download, and byte-identical', async () => {
  const original = makeFile('holiday video.mp4', 50 * MiB);
  await sendFiles(alice, original);
  const offer = fileCard(bob, 'holiday video.mp4');
  await offer.getByRole('button', { name: 'Accept' }).waitFor({ timeout: 15_000 });
  await offer.getByText('52 MB · video/mp4').waitFor({ timeout: 1000 });
  await offer.getByRole('button', { name: 'Accept' }).click();
  await offer.getByRole('button', { name: 'Save' }).waitFor({ timeout: 60_000 });
  await fileCard(alice, 'holiday video.mp4').getByText('Sent and verified').waitFor({ timeout: 5000 });
  const saved = await save(bob, 'holiday video.mp4');
  assert.is(saved.suggested, 'holiday video.mp4');
  assert.is(await sha256File(saved.path), await sha256File(original));
});

test('declined: nothing is written and the sender is told', async () => {
  makeFile('unwanted.txt', 1000);
  await sendFiles(alice, join(dir, 'unwanted.txt'));
  await fileCard(bob, 'unwanted.txt').getByRole('button', { name: 'Decline' }).click({ timeout: 15_000 });
  await fileCard(alice, 'unwanted.txt').getByText('Declined by them').waitFor({ timeout: 5000 });
  assert.is(await fileCard(bob, 'unwanted.txt').getByRole('button', { name: 'Save' }).count(), 0);
});

test('two files dropped onto the conversation are both offered, and both arrive byte-identical', async () => {
  const files = [
    { name: 'dropped notes.txt', size: 300 * 1024 },
    { name: 'dropped photo.jpg', size: MiB + 1 },
  ];
  /** The same bytes in the page and here: byte i of a file is (i * 31 + its size) mod 256. */
  const bytesOf = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + size) & 255);
  const dataTransfer = await alice.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const { name, size } of list) transfer.items.add(new File([Uint8Array.from({ length: size }, (_, i) => (i * 31 + size) & 255)], name));
    return transfer;
  }, files);
  const conversation = alice.locator('conversation-view');
  await conversation.dispatchEvent('dragover', { dataTransfer });
  await conversation.dispatchEvent('drop', { dataTransfer });
  for (const { name, size } of files) {
    const offer = fileCard(bob, name);
    await offer.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
    await offer.getByRole('button', { name: 'Save' }).waitFor({ timeout: 30_000 });
    const saved = await save(bob, name);
    assert.is(saved.suggested, name);
    assert.ok(Buffer.from(bytesOf(size)).equals(readFileSync(saved.path)), `${name} differs`);
  }
});

test('cancelled by the sender mid-transfer, then by the receiver: both sides say so', async () => {
  const big = makeFile('big.bin', 200 * MiB);
  for (const [canceller, other] of [[alice, bob], [bob, alice]] as const) {
    await sendFiles(alice, big);
    const offer = fileCard(bob, 'big.bin').last();
    await offer.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
    await fileCard(alice, 'big.bin').last().getByRole('progressbar').waitFor({ timeout: 15_000 });
    await fileCard(canceller, 'big.bin').last().getByRole('button', { name: 'Cancel' }).click();
    await fileCard(other, 'big.bin').last().getByText('Cancelled').waitFor({ timeout: 5000 });
    await fileCard(canceller, 'big.bin').last().getByText('Cancelled').waitFor({ timeout: 5000 });
  }
});

test('the receiver reloads mid-transfer: it resumes from its checkpoint and ends byte-identical', async () => {
  const original = makeFile('resume.bin', 96 * MiB);
  await sendFiles(alice, original);
  const offer = fileCard(bob, 'resume.bin');
  await offer.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
  // Past the second checkpoint (every 16 MiB) by as much again, then pull the page out from under the transfer.
  await offer.getByRole('progressbar', { name: /: ([5-9]\d)%$/ }).waitFor({ timeout: 60_000 });
  await bob.reload();
  await bob.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 10_000 });
  await bob.getByRole('listitem', { name: /^Alice/ }).click();
  // Restored at its checkpoint, not at zero.
  await fileCard(bob, 'resume.bin').getByRole('progressbar', { name: /: ([2-9]\d)%$/ }).waitFor({ timeout: 10_000 });
  await fileCard(bob, 'resume.bin').getByRole('button', { name: 'Save' }).waitFor({ timeout: 90_000 });
  const saved = await save(bob, 'resume.bin');
  assert.is(await sha256File(saved.path), await sha256File(original));
});

test('a picture shows its kind’s icon and a preview on both sides; once saved, its card says so, also after a reload', async () => {
  const picture = join(dir, 'sunset.png');
  copyFileSync('public/pwa-192x192.png', picture);
  await sendFiles(alice, picture);
  const received = fileCard(bob, 'sunset.png');
  await received.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
  await received.getByRole('button', { name: 'Save' }).waitFor({ timeout: 30_000 });
  const previewWidth = (page: Page) =>
    fileCard(page, 'sunset.png')
      .getByRole('img', { name: 'Preview of sunset.png' })
      .evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth), undefined, { timeout: 10_000 });
  assert.is(await previewWidth(bob), 192, 'the receiver sees the picture');
  assert.is(await previewWidth(alice), 192, 'the sender sees the picture');
  assert.is(await received.locator('.icon').innerText(), '🖼️');
  assert.is(await received.getByText('Saved').count(), 0, 'not saved yet');

  await save(bob, 'sunset.png');
  await received.getByText('Received and verified · Saved').waitFor({ timeout: 5000 });
  await bob.reload();
  await bob.getByRole('listitem', { name: /^Alice/ }).click({ timeout: 10_000 });
  await fileCard(bob, 'sunset.png').getByText('Received and verified · Saved').waitFor({ timeout: 10_000 });
  assert.is(await previewWidth(bob), 192, 'the preview comes back with the file kept on this device');
});

test.run();
